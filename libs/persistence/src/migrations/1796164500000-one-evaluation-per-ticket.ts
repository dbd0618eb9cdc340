import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One evaluation of a ticket per scorecard (calibration sessions apart): a second would count the
 * same work twice in the agent's average.
 */
export class OneEvaluationPerTicket1796164500000 implements MigrationInterface {
  name = 'OneEvaluationPerTicket1796164500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_qa_evaluations_ticket_scorecard" ON "qa_evaluations" ("ticket_id", "scorecard_id") WHERE calibration_id IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_qa_evaluations_ticket_scorecard"`);
  }
}
