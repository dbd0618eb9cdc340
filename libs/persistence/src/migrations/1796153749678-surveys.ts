import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Satisfaction surveys: one per offered resolution, answered once through a signed link; and per
 * queue, whether to survey and the customer's cool-down.
 */

export class Surveys1796153749678 implements MigrationInterface {
  name = 'Surveys1796153749678';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "surveys" ("id" uuid NOT NULL, "ticket_id" uuid NOT NULL, "customer_id" uuid NOT NULL, "channel" character varying(8) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "answered_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "score" smallint, "comment" text, CONSTRAINT "PK_1b5e3d4aaeb2321ffa98498c971" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IX_surveys_ticket" ON "surveys"  ("ticket_id") `);
    await queryRunner.query(`CREATE INDEX "IX_surveys_customer_created" ON "surveys"  ("customer_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "queues" ADD "survey_enabled" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE "queues" ADD "survey_cooldown_days" integer NOT NULL DEFAULT '7'`);
    await queryRunner.query(
      `ALTER TABLE "surveys" ADD CONSTRAINT "FK_debec5d67dbb803bb1014175b03" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "surveys" ADD CONSTRAINT "FK_87c008b600428f1f2750868a862" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "surveys" DROP CONSTRAINT "FK_87c008b600428f1f2750868a862"`);
    await queryRunner.query(`ALTER TABLE "surveys" DROP CONSTRAINT "FK_debec5d67dbb803bb1014175b03"`);
    await queryRunner.query(`ALTER TABLE "queues" DROP COLUMN "survey_cooldown_days"`);
    await queryRunner.query(`ALTER TABLE "queues" DROP COLUMN "survey_enabled"`);
    await queryRunner.query(`DROP INDEX "public"."IX_surveys_customer_created"`);
    await queryRunner.query(`DROP INDEX "public"."IX_surveys_ticket"`);
    await queryRunner.query(`DROP TABLE "surveys"`);
  }
}
