import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Quality: versioned scorecards, evaluations with their submitted versions and steps, the QA
 * inbox with its sampling rules and reviewers' weekly goals, and calibration sessions.
 */
export class Quality1796162640197 implements MigrationInterface {
  name = 'Quality1796162640197';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "qa_scorecards" ("id" uuid NOT NULL, "name" character varying(200) NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_1f3fb310df3dfe5ec952c5a302e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "qa_scorecard_versions" ("scorecard_id" uuid NOT NULL, "version" integer NOT NULL, "name" character varying(200) NOT NULL, "sections" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by_id" uuid, CONSTRAINT "PK_4456dbc9f25548e2963e952e8f5" PRIMARY KEY ("scorecard_id", "version"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "qa_calibrations" ("id" uuid NOT NULL, "name" character varying(200) NOT NULL, "scorecard_id" uuid NOT NULL, "scorecard_version" integer NOT NULL, "ticket_ids" uuid array NOT NULL, "reviewer_ids" uuid array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by_id" uuid, CONSTRAINT "PK_796614ba2d995560d53b415b110" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "qa_evaluations" ("id" uuid NOT NULL, "ticket_id" uuid NOT NULL, "agent_id" uuid, "queue_id" uuid NOT NULL, "reviewer_id" uuid, "scorecard_id" uuid NOT NULL, "scorecard_version" integer NOT NULL, "calibration_id" uuid, "status" character varying(16) NOT NULL, "version" integer NOT NULL DEFAULT '1', "answers" jsonb NOT NULL DEFAULT '[]', "score" numeric(4,1), "auto_failed" boolean NOT NULL DEFAULT false, "section_scores" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE, "dispute_until" TIMESTAMP WITH TIME ZONE, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledgement" text, "disputed_at" TIMESTAMP WITH TIME ZONE, "dispute_reason" text, "dispute_outcome" character varying(16), "dispute_resolved_at" TIMESTAMP WITH TIME ZONE, "dispute_note" text, CONSTRAINT "PK_7b27c96a7cd3b991d3f3ab4b2c9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IX_qa_evaluations_ticket" ON "qa_evaluations"  ("ticket_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_qa_evaluations_calibration" ON "qa_evaluations"  ("calibration_id", "ticket_id", "reviewer_id") WHERE calibration_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_qa_evaluations_agent_submitted" ON "qa_evaluations"  ("agent_id", "submitted_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "qa_evaluation_versions" ("evaluation_id" uuid NOT NULL, "version" integer NOT NULL, "answers" jsonb NOT NULL, "score" numeric(4,1), "auto_failed" boolean NOT NULL, "section_scores" jsonb NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "submitted_by_id" uuid, CONSTRAINT "PK_13292c22a23b0df38547c4fef36" PRIMARY KEY ("evaluation_id", "version"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "qa_evaluation_events" ("id" BIGSERIAL NOT NULL, "evaluation_id" uuid NOT NULL, "type" character varying(40) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" uuid, "data" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_8c6b2cbc712743af539544cbdca" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_qa_evaluation_events_evaluation" ON "qa_evaluation_events"  ("evaluation_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "qa_sampling_rules" ("queue_id" uuid NOT NULL, "random_percent" numeric(5,2) NOT NULL DEFAULT '0', "csat_at_most" smallint, "transferred" boolean NOT NULL DEFAULT false, "repeat_contact" boolean NOT NULL DEFAULT false, "handle_seconds_above" integer, "auto_failed_before" boolean NOT NULL DEFAULT false, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_0c2068e5279914ce8187fe59600" PRIMARY KEY ("queue_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "qa_inbox" ("ticket_id" uuid NOT NULL, "reasons" text array NOT NULL, "reviewer_id" uuid, "sampled_at" TIMESTAMP WITH TIME ZONE NOT NULL, "done_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a3c24d9fb39ec8d75a35b229259" PRIMARY KEY ("ticket_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IX_qa_inbox_reviewer" ON "qa_inbox"  ("reviewer_id", "sampled_at") `);
    await queryRunner.query(
      `CREATE TABLE "qa_reviewer_goals" ("user_id" uuid NOT NULL, "weekly_goal" integer NOT NULL, CONSTRAINT "PK_8c41cba99ca88cd0d0e9fcfeb26" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "qa_scorecard_versions" ADD CONSTRAINT "FK_868e29047afa4a747434de14fa0" FOREIGN KEY ("scorecard_id") REFERENCES "qa_scorecards"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "qa_scorecard_versions" ADD CONSTRAINT "FK_30cf87801d8a6214f0c64a33c11" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "qa_calibrations" ADD CONSTRAINT "FK_218674f167b58bfaaa586b08a7e" FOREIGN KEY ("scorecard_id") REFERENCES "qa_scorecards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "qa_calibrations" ADD CONSTRAINT "FK_a39bb130120465810a299e7ae19" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "qa_evaluations" ADD CONSTRAINT "FK_d368b559ce5f096b0268a27d50b" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "qa_evaluations" ADD CONSTRAINT "FK_0a3a3543a94e75b654c51685ba1" FOREIGN KEY ("agent_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "qa_evaluations" ADD CONSTRAINT "FK_c7cd30be925e73c70281244997f" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "qa_evaluations" ADD CONSTRAINT "FK_193840dfe9e10138af7af34ac2a" FOREIGN KEY ("scorecard_id") REFERENCES "qa_scorecards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "qa_evaluation_versions" ADD CONSTRAINT "FK_ed6bc7c101807ef0c37b192c10e" FOREIGN KEY ("evaluation_id") REFERENCES "qa_evaluations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "qa_evaluation_versions" ADD CONSTRAINT "FK_f8be574b06fbc923807b3586e35" FOREIGN KEY ("submitted_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "qa_evaluation_events" ADD CONSTRAINT "FK_347be12c9dc38f7c6015ba24de0" FOREIGN KEY ("evaluation_id") REFERENCES "qa_evaluations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "qa_evaluation_events" ADD CONSTRAINT "FK_8cbe1432134f0139809bfef52e4" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "qa_sampling_rules" ADD CONSTRAINT "FK_0c2068e5279914ce8187fe59600" FOREIGN KEY ("queue_id") REFERENCES "queues"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "qa_inbox" ADD CONSTRAINT "FK_a3c24d9fb39ec8d75a35b229259" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "qa_inbox" ADD CONSTRAINT "FK_8d14f474502a9f2e0f7effe5c44" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "qa_reviewer_goals" ADD CONSTRAINT "FK_8c41cba99ca88cd0d0e9fcfeb26" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "qa_reviewer_goals" DROP CONSTRAINT "FK_8c41cba99ca88cd0d0e9fcfeb26"`);
    await queryRunner.query(`ALTER TABLE "qa_inbox" DROP CONSTRAINT "FK_8d14f474502a9f2e0f7effe5c44"`);
    await queryRunner.query(`ALTER TABLE "qa_inbox" DROP CONSTRAINT "FK_a3c24d9fb39ec8d75a35b229259"`);
    await queryRunner.query(`ALTER TABLE "qa_sampling_rules" DROP CONSTRAINT "FK_0c2068e5279914ce8187fe59600"`);
    await queryRunner.query(`ALTER TABLE "qa_evaluation_events" DROP CONSTRAINT "FK_8cbe1432134f0139809bfef52e4"`);
    await queryRunner.query(`ALTER TABLE "qa_evaluation_events" DROP CONSTRAINT "FK_347be12c9dc38f7c6015ba24de0"`);
    await queryRunner.query(`ALTER TABLE "qa_evaluation_versions" DROP CONSTRAINT "FK_f8be574b06fbc923807b3586e35"`);
    await queryRunner.query(`ALTER TABLE "qa_evaluation_versions" DROP CONSTRAINT "FK_ed6bc7c101807ef0c37b192c10e"`);
    await queryRunner.query(`ALTER TABLE "qa_evaluations" DROP CONSTRAINT "FK_193840dfe9e10138af7af34ac2a"`);
    await queryRunner.query(`ALTER TABLE "qa_evaluations" DROP CONSTRAINT "FK_c7cd30be925e73c70281244997f"`);
    await queryRunner.query(`ALTER TABLE "qa_evaluations" DROP CONSTRAINT "FK_0a3a3543a94e75b654c51685ba1"`);
    await queryRunner.query(`ALTER TABLE "qa_evaluations" DROP CONSTRAINT "FK_d368b559ce5f096b0268a27d50b"`);
    await queryRunner.query(`ALTER TABLE "qa_calibrations" DROP CONSTRAINT "FK_a39bb130120465810a299e7ae19"`);
    await queryRunner.query(`ALTER TABLE "qa_calibrations" DROP CONSTRAINT "FK_218674f167b58bfaaa586b08a7e"`);
    await queryRunner.query(`ALTER TABLE "qa_scorecard_versions" DROP CONSTRAINT "FK_30cf87801d8a6214f0c64a33c11"`);
    await queryRunner.query(`ALTER TABLE "qa_scorecard_versions" DROP CONSTRAINT "FK_868e29047afa4a747434de14fa0"`);
    await queryRunner.query(`DROP TABLE "qa_reviewer_goals"`);
    await queryRunner.query(`DROP INDEX "public"."IX_qa_inbox_reviewer"`);
    await queryRunner.query(`DROP TABLE "qa_inbox"`);
    await queryRunner.query(`DROP TABLE "qa_sampling_rules"`);
    await queryRunner.query(`DROP INDEX "public"."IX_qa_evaluation_events_evaluation"`);
    await queryRunner.query(`DROP TABLE "qa_evaluation_events"`);
    await queryRunner.query(`DROP TABLE "qa_evaluation_versions"`);
    await queryRunner.query(`DROP INDEX "public"."IX_qa_evaluations_agent_submitted"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_qa_evaluations_calibration"`);
    await queryRunner.query(`DROP INDEX "public"."IX_qa_evaluations_ticket"`);
    await queryRunner.query(`DROP TABLE "qa_evaluations"`);
    await queryRunner.query(`DROP TABLE "qa_calibrations"`);
    await queryRunner.query(`DROP TABLE "qa_scorecard_versions"`);
    await queryRunner.query(`DROP TABLE "qa_scorecards"`);
  }
}
