import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The history QA searches: full-text vectors on tickets (subject, description, resolution note,
 * the customer's name) and on messages (notes and the conversation), each under the text search
 * configuration of the customer's language (`sb_text_config`: English, Turkish, `simple` for
 * Persian; both English and Turkish when it is not known), kept by triggers so that every
 * writer is covered and no hot path gains a round trip; GIN indexes over both. Also the latest
 * CSAT score on the ticket (from its `ticket.csat_recorded` events) and an index for the order by
 * resolution time, so results can be sorted by either.
 */
export class TicketSearch1796160000000 implements MigrationInterface {
  name = 'TicketSearch1796160000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // PostgreSQL has no Persian stemmer: `simple` keeps Persian words whole (lower-cased, no stop words).
    // NULL: the language is not known.
    await queryRunner.query(`
      CREATE FUNCTION sb_text_config(language text) RETURNS regconfig LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE
          WHEN lower(language) LIKE 'tr%' THEN 'turkish'::regconfig
          WHEN lower(language) LIKE 'fa%' THEN 'simple'::regconfig
          WHEN lower(language) LIKE 'en%' THEN 'english'::regconfig
        END
      $$`);
    // Text in an unknown language is read both ways, English and Turkish (Persian script passes either unchanged).
    await queryRunner.query(`
      CREATE FUNCTION sb_text_vector(config regconfig, body text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN config IS NULL
          THEN to_tsvector('english'::regconfig, coalesce(body, '')) || to_tsvector('turkish'::regconfig, coalesce(body, ''))
          ELSE to_tsvector(config, coalesce(body, ''))
        END
      $$`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "search_vector" tsvector`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "csat_score" smallint`);
    await queryRunner.query(`ALTER TABLE "messages" ADD "search_vector" tsvector`);
    await queryRunner.query(`
      CREATE FUNCTION sb_tickets_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE cfg regconfig; who text;
      BEGIN
        SELECT sb_text_config(c.language), c.name INTO cfg, who FROM customers c WHERE c.id = NEW.customer_id;
        NEW.search_vector :=
             setweight(sb_text_vector(cfg, NEW.subject), 'A')
          || setweight(sb_text_vector(cfg, NEW.description), 'B')
          || setweight(sb_text_vector(cfg, NEW.resolution_note), 'B')
          || setweight(to_tsvector('simple', coalesce(who, '')), 'C');
        RETURN NEW;
      END $$`);
    // Also on `search_vector` itself: setting it to NULL asks for it again (a renamed customer, a backfill).
    await queryRunner.query(`
      CREATE TRIGGER sb_tickets_search_vector
        BEFORE INSERT OR UPDATE OF subject, description, resolution_note, customer_id, search_vector ON tickets
        FOR EACH ROW EXECUTE FUNCTION sb_tickets_search_vector()`);
    await queryRunner.query(`
      CREATE FUNCTION sb_messages_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE cfg regconfig;
      BEGIN
        SELECT sb_text_config(c.language) INTO cfg
          FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = NEW.ticket_id;
        NEW.search_vector := sb_text_vector(cfg, NEW.body);
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER sb_messages_search_vector
        BEFORE INSERT OR UPDATE OF body, search_vector ON messages
        FOR EACH ROW EXECUTE FUNCTION sb_messages_search_vector()`);
    // A customer's name is searchable on their tickets; their language decides how all their text is read.
    await queryRunner.query(`
      CREATE FUNCTION sb_customers_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tickets SET search_vector = NULL WHERE customer_id = NEW.id;
        IF OLD.language IS DISTINCT FROM NEW.language THEN
          UPDATE messages SET search_vector = NULL WHERE ticket_id IN (SELECT id FROM tickets WHERE customer_id = NEW.id);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER sb_customers_search_vector
        AFTER UPDATE OF name, language ON customers
        FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.language IS DISTINCT FROM NEW.language)
        EXECUTE FUNCTION sb_customers_search_vector()`);
    // The latest rating on the ticket row, so results sort by it; the event stays the record.
    await queryRunner.query(`
      CREATE FUNCTION sb_ticket_events_csat() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF jsonb_typeof(NEW.data->'score') = 'number' THEN
          UPDATE tickets SET csat_score = (NEW.data->>'score')::numeric::smallint WHERE id = NEW.ticket_id;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER sb_ticket_events_csat
        AFTER INSERT ON ticket_events
        FOR EACH ROW WHEN (NEW.type = 'ticket.csat_recorded')
        EXECUTE FUNCTION sb_ticket_events_csat()`);
    await queryRunner.query(`UPDATE "tickets" SET "search_vector" = NULL`);
    await queryRunner.query(`UPDATE "messages" SET "search_vector" = NULL`);
    await queryRunner.query(
      `UPDATE "tickets" t SET "csat_score" = (e.data->>'score')::numeric::smallint
         FROM (SELECT DISTINCT ON (ticket_id) ticket_id, data FROM ticket_events
                WHERE type = 'ticket.csat_recorded' AND jsonb_typeof(data->'score') = 'number'
                ORDER BY ticket_id, seq DESC) e
        WHERE e.ticket_id = t.id`,
    );
    await queryRunner.query(`CREATE INDEX "IX_tickets_search" ON "tickets" USING gin ("search_vector")`);
    await queryRunner.query(`CREATE INDEX "IX_messages_search" ON "messages" USING gin ("search_vector")`);
    await queryRunner.query(`CREATE INDEX "IX_tickets_resolved" ON "tickets" ("resolved_at", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IX_tickets_resolved"`);
    await queryRunner.query(`DROP INDEX "public"."IX_messages_search"`);
    await queryRunner.query(`DROP INDEX "public"."IX_tickets_search"`);
    await queryRunner.query(`DROP TRIGGER sb_ticket_events_csat ON ticket_events`);
    await queryRunner.query(`DROP FUNCTION sb_ticket_events_csat()`);
    await queryRunner.query(`DROP TRIGGER sb_customers_search_vector ON customers`);
    await queryRunner.query(`DROP FUNCTION sb_customers_search_vector()`);
    await queryRunner.query(`DROP TRIGGER sb_messages_search_vector ON messages`);
    await queryRunner.query(`DROP FUNCTION sb_messages_search_vector()`);
    await queryRunner.query(`DROP TRIGGER sb_tickets_search_vector ON tickets`);
    await queryRunner.query(`DROP FUNCTION sb_tickets_search_vector()`);
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "search_vector"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "csat_score"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "search_vector"`);
    await queryRunner.query(`DROP FUNCTION sb_text_vector(regconfig, text)`);
    await queryRunner.query(`DROP FUNCTION sb_text_config(text)`);
  }
}
