import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each agent row carries the work it holds (pending offers, and per channel offers plus tickets
 * in progress), kept by triggers on offers and tickets: the claim then decides on one row under
 * its lock, and the counts stay true however a row changes (a unit of work, the reconciler, an
 * operator's SQL). See docs/decisions.md, "The ticket unit of work".
 */
export class AgentWorkCounters1796140000000 implements MigrationInterface {
  name = 'AgentWorkCounters1796140000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agents" ADD "load" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "agents" ADD "pending_offers" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(
      `ALTER TABLE "agents" ADD CONSTRAINT "CHK_agents_pending_offers" CHECK (pending_offers >= 0)`,
    );
    await queryRunner.query(`
      CREATE FUNCTION sb_agent_work_add(agent uuid, chan text, offers integer, held integer) RETURNS void
      LANGUAGE sql AS $$
        UPDATE agents
           SET pending_offers = pending_offers + offers,
               load = CASE WHEN chan IS NULL THEN load
                           ELSE jsonb_set(load, ARRAY[chan], to_jsonb(COALESCE((load->>chan)::int, 0) + offers + held)) END
         WHERE user_id = agent
      $$`);
    // A pending offer holds one unit of its ticket's channel.
    await queryRunner.query(`
      CREATE FUNCTION sb_offers_agent_work() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE chan text;
      BEGIN
        IF TG_OP <> 'INSERT' AND OLD.status = 'pending' THEN
          SELECT channel INTO chan FROM tickets WHERE id = OLD.ticket_id;
          -- No channel when the ticket itself is being deleted: the pending count still drops.
          PERFORM sb_agent_work_add(OLD.agent_id, chan, -1, 0);
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.status = 'pending' THEN
          SELECT channel INTO chan FROM tickets WHERE id = NEW.ticket_id;
          PERFORM sb_agent_work_add(NEW.agent_id, chan, 1, 0);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER offers_agent_work_insert AFTER INSERT ON offers
        FOR EACH ROW WHEN (NEW.status = 'pending') EXECUTE FUNCTION sb_offers_agent_work()`);
    await queryRunner.query(`
      CREATE TRIGGER offers_agent_work_update AFTER UPDATE OF status, agent_id, ticket_id ON offers
        FOR EACH ROW WHEN ((OLD.status = 'pending' OR NEW.status = 'pending')
          AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.agent_id <> NEW.agent_id OR OLD.ticket_id <> NEW.ticket_id))
        EXECUTE FUNCTION sb_offers_agent_work()`);
    await queryRunner.query(`
      CREATE TRIGGER offers_agent_work_delete AFTER DELETE ON offers
        FOR EACH ROW WHEN (OLD.status = 'pending') EXECUTE FUNCTION sb_offers_agent_work()`);
    // A ticket in progress holds one unit of its channel for its assigned agent.
    await queryRunner.query(`
      CREATE FUNCTION sb_tickets_agent_work() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' AND OLD.status = 'in_progress' AND OLD.assigned_agent_id IS NOT NULL THEN
          PERFORM sb_agent_work_add(OLD.assigned_agent_id, OLD.channel, 0, -1);
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.status = 'in_progress' AND NEW.assigned_agent_id IS NOT NULL THEN
          PERFORM sb_agent_work_add(NEW.assigned_agent_id, NEW.channel, 0, 1);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER tickets_agent_work_insert AFTER INSERT ON tickets
        FOR EACH ROW WHEN (NEW.status = 'in_progress' AND NEW.assigned_agent_id IS NOT NULL)
        EXECUTE FUNCTION sb_tickets_agent_work()`);
    await queryRunner.query(`
      CREATE TRIGGER tickets_agent_work_update AFTER UPDATE OF status, assigned_agent_id, channel ON tickets
        FOR EACH ROW WHEN ((OLD.status = 'in_progress' OR NEW.status = 'in_progress')
          AND (OLD.status IS DISTINCT FROM NEW.status
               OR OLD.assigned_agent_id IS DISTINCT FROM NEW.assigned_agent_id
               OR OLD.channel <> NEW.channel))
        EXECUTE FUNCTION sb_tickets_agent_work()`);
    await queryRunner.query(`
      CREATE TRIGGER tickets_agent_work_delete AFTER DELETE ON tickets
        FOR EACH ROW WHEN (OLD.status = 'in_progress' AND OLD.assigned_agent_id IS NOT NULL)
        EXECUTE FUNCTION sb_tickets_agent_work()`);
    // The work held today, counted once.
    await queryRunner.query(`
      UPDATE agents a SET
        pending_offers = (SELECT count(*) FROM offers o WHERE o.agent_id = a.user_id AND o.status = 'pending'),
        load = COALESCE((SELECT jsonb_object_agg(w.channel, w.n) FROM (
                 SELECT channel, sum(n)::int AS n FROM (
                   SELECT t.channel, count(*) AS n FROM tickets t
                    WHERE t.assigned_agent_id = a.user_id AND t.status = 'in_progress' GROUP BY t.channel
                   UNION ALL
                   SELECT t.channel, count(*) FROM offers o JOIN tickets t ON t.id = o.ticket_id
                    WHERE o.agent_id = a.user_id AND o.status = 'pending' GROUP BY t.channel) u
                 GROUP BY channel) w), '{}'::jsonb)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const trigger of ['tickets_agent_work_delete', 'tickets_agent_work_update', 'tickets_agent_work_insert']) {
      await queryRunner.query(`DROP TRIGGER "${trigger}" ON "tickets"`);
    }
    for (const trigger of ['offers_agent_work_delete', 'offers_agent_work_update', 'offers_agent_work_insert']) {
      await queryRunner.query(`DROP TRIGGER "${trigger}" ON "offers"`);
    }
    await queryRunner.query(`DROP FUNCTION sb_tickets_agent_work()`);
    await queryRunner.query(`DROP FUNCTION sb_offers_agent_work()`);
    await queryRunner.query(`DROP FUNCTION sb_agent_work_add(uuid, text, integer, integer)`);
    await queryRunner.query(`ALTER TABLE "agents" DROP CONSTRAINT "CHK_agents_pending_offers"`);
    await queryRunner.query(`ALTER TABLE "agents" DROP COLUMN "pending_offers"`);
    await queryRunner.query(`ALTER TABLE "agents" DROP COLUMN "load"`);
  }
}
