import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks: subscriptions, the outbox of deliveries with its attempt log, and the triggers that
 * fill the outbox in the transaction that writes the event (ticket.created, ticket.resolved,
 * ticket.transferred) or the public reply (message.created): a committed event always has its
 * deliveries, and no hot path gains a round trip.
 */
export class Webhooks1796166896591 implements MigrationInterface {
  name = 'Webhooks1796166896591';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "webhooks" ("id" uuid NOT NULL, "url" character varying(2000) NOT NULL, "events" text array NOT NULL, "secret" character varying(200) NOT NULL, "active" boolean NOT NULL DEFAULT true, "description" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by_id" uuid, CONSTRAINT "PK_9e8795cfc899ab7bdaa831e8527" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_deliveries" ("id" BIGSERIAL NOT NULL, "webhook_id" uuid NOT NULL, "event" character varying(48) NOT NULL, "ticket_id" uuid NOT NULL, "event_id" bigint, "message_id" uuid, "payload" jsonb, "status" character varying(16) NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "give_up_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_webhook_deliveries_webhook" ON "webhook_deliveries"  ("webhook_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_webhook_deliveries_due" ON "webhook_deliveries"  ("status", "next_attempt_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_attempts" ("id" BIGSERIAL NOT NULL, "delivery_id" bigint NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "status_code" integer, "error" text, "duration_ms" integer NOT NULL, CONSTRAINT "PK_2de7e7887ad97de459adab62638" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IX_webhook_attempts_delivery" ON "webhook_attempts"  ("delivery_id") `);
    await queryRunner.query(
      `ALTER TABLE "webhooks" ADD CONSTRAINT "FK_04060f01849c1c9ca048094a7b4" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_a0286aeb96db651efd1ae2966f2" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_attempts" ADD CONSTRAINT "FK_0d56d91d61b827bb2079c256538" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`
      CREATE FUNCTION sb_webhook_ticket_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO webhook_deliveries (webhook_id, event, ticket_id, event_id, status, attempts, next_attempt_at, give_up_at, created_at)
        SELECT w.id, NEW.type, NEW.ticket_id, NEW.id, 'pending', 0, now(), now() + interval '1 day', now()
          FROM webhooks w WHERE w.active AND NEW.type = ANY (w.events);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER sb_webhook_ticket_events AFTER INSERT ON ticket_events FOR EACH ROW
      WHEN (NEW.type IN ('ticket.created', 'ticket.resolved', 'ticket.transferred'))
      EXECUTE FUNCTION sb_webhook_ticket_event()`);
    await queryRunner.query(`
      CREATE FUNCTION sb_webhook_message() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO webhook_deliveries (webhook_id, event, ticket_id, message_id, status, attempts, next_attempt_at, give_up_at, created_at)
        SELECT w.id, 'message.created', NEW.ticket_id, NEW.id, 'pending', 0, now(), now() + interval '1 day', now()
          FROM webhooks w WHERE w.active AND 'message.created' = ANY (w.events);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER sb_webhook_messages AFTER INSERT ON messages FOR EACH ROW
      WHEN (NEW.direction = 'outbound' AND NEW.visibility = 'public')
      EXECUTE FUNCTION sb_webhook_message()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER sb_webhook_messages ON messages`);
    await queryRunner.query(`DROP FUNCTION sb_webhook_message()`);
    await queryRunner.query(`DROP TRIGGER sb_webhook_ticket_events ON ticket_events`);
    await queryRunner.query(`DROP FUNCTION sb_webhook_ticket_event()`);
    await queryRunner.query(`ALTER TABLE "webhook_attempts" DROP CONSTRAINT "FK_0d56d91d61b827bb2079c256538"`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_a0286aeb96db651efd1ae2966f2"`);
    await queryRunner.query(`ALTER TABLE "webhooks" DROP CONSTRAINT "FK_04060f01849c1c9ca048094a7b4"`);
    await queryRunner.query(`DROP INDEX "public"."IX_webhook_attempts_delivery"`);
    await queryRunner.query(`DROP TABLE "webhook_attempts"`);
    await queryRunner.query(`DROP INDEX "public"."IX_webhook_deliveries_due"`);
    await queryRunner.query(`DROP INDEX "public"."IX_webhook_deliveries_webhook"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP TABLE "webhooks"`);
  }
}
