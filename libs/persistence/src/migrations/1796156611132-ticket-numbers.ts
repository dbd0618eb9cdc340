import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Short human references for tickets (`SB-10482`): a number from `ticket_number_seq`, from 10001.
 * Tickets made before get theirs in the order they were created.
 */
export class TicketNumbers1796156611132 implements MigrationInterface {
  name = 'TicketNumbers1796156611132';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "ticket_number_seq" START 10001`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "number" integer`);
    await queryRunner.query(
      `UPDATE "tickets" t SET "number" = n.number
         FROM (SELECT id, nextval('ticket_number_seq') AS number FROM
                 (SELECT id FROM "tickets" ORDER BY created_at, id) ordered) n
        WHERE n.id = t.id`,
    );
    await queryRunner.query(`ALTER TABLE "tickets" ALTER COLUMN "number" SET DEFAULT nextval('ticket_number_seq')`);
    await queryRunner.query(`ALTER TABLE "tickets" ALTER COLUMN "number" SET NOT NULL`);
    await queryRunner.query(`ALTER SEQUENCE "ticket_number_seq" OWNED BY "tickets"."number"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_tickets_number" ON "tickets"  ("number") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_tickets_number"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "number"`);
    await queryRunner.query(`DROP SEQUENCE IF EXISTS "ticket_number_seq"`);
  }
}
