import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Messages on tickets: the conversation, numbered per ticket (`tickets.last_message_seq` holds the
 * newest number). Notes written before became internal messages: each `ticket.note_added` event
 * gets its message, numbered in the order the notes were written, and the event learns its
 * message's id and number.
 */
export class Messages1796149128861 implements MigrationInterface {
  name = 'Messages1796149128861';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "messages" ("id" uuid NOT NULL, "ticket_id" uuid NOT NULL, "seq" integer NOT NULL, "direction" character varying(8) NOT NULL, "visibility" character varying(8) NOT NULL, "author_kind" character varying(8) NOT NULL, "author_id" uuid, "author_name" character varying(200) NOT NULL, "body" text NOT NULL, "external_id" character varying(200), "at" TIMESTAMP WITH TIME ZONE NOT NULL, "delivered_at" TIMESTAMP WITH TIME ZONE, "read_at" TIMESTAMP WITH TIME ZONE, "failed_at" TIMESTAMP WITH TIME ZONE, "failure" text, CONSTRAINT "PK_18325f38ae6de43878487eff986" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_messages_ticket_external_id" ON "messages"  ("ticket_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_messages_ticket_seq" ON "messages"  ("ticket_id", "seq") `);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "last_message_seq" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `ALTER TABLE "messages" ADD CONSTRAINT "FK_aa8e62e23565f59d22160b35f18" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "messages" ADD CONSTRAINT "FK_05535bc695e9f7ee104616459d3" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`
          WITH notes AS MATERIALIZED (
            SELECT e.id AS event_id, gen_random_uuid() AS message_id, e.ticket_id, e.at, e.actor_id,
                   row_number() OVER (PARTITION BY e.ticket_id ORDER BY e.seq)::int AS seq,
                   COALESCE(u.name, 'Switchboard') AS author_name, COALESCE(e.data->>'body', '') AS body
              FROM ticket_events e LEFT JOIN users u ON u.id = e.actor_id
             WHERE e.type = 'ticket.note_added'),
          written AS (
            INSERT INTO messages (id, ticket_id, seq, direction, visibility, author_kind, author_id, author_name, body, at)
            SELECT message_id, ticket_id, seq, 'outbound', 'internal',
                   CASE WHEN actor_id IS NULL THEN 'system' ELSE 'agent' END, actor_id, author_name, body, at
              FROM notes),
          numbered AS (
            UPDATE tickets t SET last_message_seq = n.last
              FROM (SELECT ticket_id, max(seq) AS last FROM notes GROUP BY ticket_id) n WHERE n.ticket_id = t.id)
          UPDATE ticket_events e
             SET data = e.data || jsonb_build_object('messageId', n.message_id, 'seq', n.seq,
                   'direction', 'outbound', 'visibility', 'internal')
            FROM notes n WHERE e.id = n.event_id`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "FK_05535bc695e9f7ee104616459d3"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "FK_aa8e62e23565f59d22160b35f18"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "last_message_seq"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_messages_ticket_seq"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_messages_ticket_external_id"`);
    await queryRunner.query(`DROP TABLE "messages"`);
  }
}
