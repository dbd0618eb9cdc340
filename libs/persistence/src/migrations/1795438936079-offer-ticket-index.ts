import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OfferTicketIndex1795438936079 implements MigrationInterface {
  name = 'OfferTicketIndex1795438936079';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_offers_ticket_agent" ON "offers"  ("ticket_id", "agent_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_offers_ticket_agent"`);
  }
}
