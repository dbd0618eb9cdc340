import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SecurityAndAdministration1796133453587 implements MigrationInterface {
  name = 'SecurityAndAdministration1796133453587';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_tickets_external_id"`);
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "actor_role" character varying(20) NOT NULL, "action" character varying(64) NOT NULL, "target_type" character varying(32) NOT NULL, "target_id" character varying(100) NOT NULL, "target_label" character varying(320), "before" jsonb, "after" jsonb, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_actor" ON "audit_log"  ("actor_id", "at") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_target" ON "audit_log"  ("target_type", "target_id", "at") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_at" ON "audit_log"  ("at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "auth_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "refresh_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" character varying(32), "ip" character varying(64), "user_agent" character varying(300), CONSTRAINT "PK_641507381f32580e8479efc36cd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_auth_sessions_user" ON "auth_sessions"  ("user_id", "expires_at") `);
    await queryRunner.query(`ALTER TABLE "queues" ADD "retired_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "users" ADD "password_change_required" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "customers" ADD "verified" boolean NOT NULL DEFAULT false`);
    // Customers made before the trust rules were made by the old, trusting intake: protect them all.
    await queryRunner.query(`UPDATE "customers" SET "verified" = true`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_tickets_caller_external_id" ON "tickets"  ("created_by_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "audit_log" ADD CONSTRAINT "FK_15a6f5aad57db494c17986ed2e2" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "auth_sessions" ADD CONSTRAINT "FK_50ccaa6440288a06f0ba693ccc6" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth_sessions" DROP CONSTRAINT "FK_50ccaa6440288a06f0ba693ccc6"`);
    await queryRunner.query(`ALTER TABLE "audit_log" DROP CONSTRAINT "FK_15a6f5aad57db494c17986ed2e2"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_tickets_caller_external_id"`);
    await queryRunner.query(`ALTER TABLE "customers" DROP COLUMN "verified"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "password_change_required"`);
    await queryRunner.query(`ALTER TABLE "queues" DROP COLUMN "retired_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_auth_sessions_user"`);
    await queryRunner.query(`DROP TABLE "auth_sessions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_target"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_log_actor"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_tickets_external_id" ON "tickets" USING btree ("external_id") WHERE (external_id IS NOT NULL)`,
    );
  }
}
