import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail as a channel: a queue's inbound address and acknowledgement mail, each e-mail ticket's
 * thread (reply token, addresses), and each mail beside its message (Message-ID, unique so a mail
 * delivered twice is one message; send state of outbound mail).
 */
export class EmailChannel1796172935859 implements MigrationInterface {
  name = 'EmailChannel1796172935859';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "email_threads" ("ticket_id" uuid NOT NULL, "token" character varying(64) NOT NULL, "customer_address" character varying(320) NOT NULL, "cc" text array NOT NULL DEFAULT '{}', "queue_address" character varying(320) NOT NULL, "subject" character varying(300) NOT NULL, "follows_ticket_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ba7820560b1e954ee3177248cb6" PRIMARY KEY ("ticket_id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_email_threads_token" ON "email_threads"  ("token") `);
    await queryRunner.query(`CREATE INDEX "IX_email_threads_follows" ON "email_threads"  ("follows_ticket_id") `);
    await queryRunner.query(
      `CREATE TABLE "email_messages" ("message_id" uuid NOT NULL, "ticket_id" uuid NOT NULL, "rfc_id" character varying(998) NOT NULL, "direction" character varying(8) NOT NULL, "from_address" character varying(320) NOT NULL, "to_addresses" text array NOT NULL DEFAULT '{}', "cc_addresses" text array NOT NULL DEFAULT '{}', "subject" character varying(998) NOT NULL, "in_reply_to" character varying(998), "references" text array NOT NULL DEFAULT '{}', "quoted" text, "refused" jsonb NOT NULL DEFAULT '[]', "raw_key" character varying(64), "state" character varying(12) NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "round" integer NOT NULL DEFAULT '0', "response" text, "sent_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_e113e91097b900f875587b6b088" PRIMARY KEY ("message_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IX_email_messages_ticket" ON "email_messages"  ("ticket_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_email_messages_rfc_id" ON "email_messages"  ("rfc_id") `);
    await queryRunner.query(
      `CREATE INDEX "IX_email_messages_queued" ON "email_messages"  ("updated_at") WHERE state = 'queued'`,
    );
    await queryRunner.query(`ALTER TABLE "queues" ADD "email" character varying(320)`);
    await queryRunner.query(
      `ALTER TABLE "queues" ADD "email_acknowledgement" jsonb NOT NULL DEFAULT '{"enabled": true}'`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_queues_email" ON "queues"  ("email") WHERE email IS NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "email_threads" ADD CONSTRAINT "FK_ba7820560b1e954ee3177248cb6" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "email_threads" ADD CONSTRAINT "FK_1a2867331fa395fb17e0d5b7dee" FOREIGN KEY ("follows_ticket_id") REFERENCES "tickets"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "email_messages" ADD CONSTRAINT "FK_e113e91097b900f875587b6b088" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "email_messages" ADD CONSTRAINT "FK_f1456113bda3af06e17d2045fc1" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "email_messages" DROP CONSTRAINT "FK_f1456113bda3af06e17d2045fc1"`);
    await queryRunner.query(`ALTER TABLE "email_messages" DROP CONSTRAINT "FK_e113e91097b900f875587b6b088"`);
    await queryRunner.query(`ALTER TABLE "email_threads" DROP CONSTRAINT "FK_1a2867331fa395fb17e0d5b7dee"`);
    await queryRunner.query(`ALTER TABLE "email_threads" DROP CONSTRAINT "FK_ba7820560b1e954ee3177248cb6"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_queues_email"`);
    await queryRunner.query(`ALTER TABLE "queues" DROP COLUMN "email_acknowledgement"`);
    await queryRunner.query(`ALTER TABLE "queues" DROP COLUMN "email"`);
    await queryRunner.query(`DROP INDEX "public"."IX_email_messages_queued"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_email_messages_rfc_id"`);
    await queryRunner.query(`DROP INDEX "public"."IX_email_messages_ticket"`);
    await queryRunner.query(`DROP TABLE "email_messages"`);
    await queryRunner.query(`DROP INDEX "public"."IX_email_threads_follows"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_email_threads_token"`);
    await queryRunner.query(`DROP TABLE "email_threads"`);
  }
}
