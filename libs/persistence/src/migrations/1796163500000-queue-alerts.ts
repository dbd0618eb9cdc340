import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per queue, when the wallboard raises its alerts: the longest wait and the abandon rate it may
 * reach, and the fewest contacts a percentage alert is decided on. The defaults are
 * DEFAULT_ALERT_THRESHOLDS (libs/domain).
 */

export class QueueAlerts1796163500000 implements MigrationInterface {
  name = 'QueueAlerts1796163500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "queues" ADD "alert_longest_wait_seconds" integer NOT NULL DEFAULT '120'`);
    await queryRunner.query(`ALTER TABLE "queues" ADD "alert_abandon_rate_percent" real NOT NULL DEFAULT '10'`);
    await queryRunner.query(`ALTER TABLE "queues" ADD "alert_min_sample" integer NOT NULL DEFAULT '20'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "queues" DROP COLUMN "alert_min_sample"`);
    await queryRunner.query(`ALTER TABLE "queues" DROP COLUMN "alert_abandon_rate_percent"`);
    await queryRunner.query(`ALTER TABLE "queues" DROP COLUMN "alert_longest_wait_seconds"`);
  }
}
