import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RoutingState1795431710537 implements MigrationInterface {
  name = 'RoutingState1795431710537';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "agent_events" ("id" BIGSERIAL NOT NULL, "agent_id" uuid NOT NULL, "type" character varying(48) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" uuid, "data" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_94c713565641b3cfac600e14e94" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_agent_events_agent_at" ON "agent_events"  ("agent_id", "at") `);
    await queryRunner.query(`ALTER TABLE "queues" ADD "last_assigned_agent_id" uuid`);
    await queryRunner.query(`ALTER TABLE "agents" ADD "idle_since" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "agents" ADD "missed_offers" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "agents" ADD "wrap_up_until" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "agents" ADD "wrap_up_ticket_id" uuid`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "routing_token" uuid`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "accepted_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "accepted_at"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "routing_token"`);
    await queryRunner.query(`ALTER TABLE "agents" DROP COLUMN "wrap_up_ticket_id"`);
    await queryRunner.query(`ALTER TABLE "agents" DROP COLUMN "wrap_up_until"`);
    await queryRunner.query(`ALTER TABLE "agents" DROP COLUMN "missed_offers"`);
    await queryRunner.query(`ALTER TABLE "agents" DROP COLUMN "idle_since"`);
    await queryRunner.query(`ALTER TABLE "queues" DROP COLUMN "last_assigned_agent_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_agent_events_agent_at"`);
    await queryRunner.query(`DROP TABLE "agent_events"`);
  }
}
