import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795430257125 implements MigrationInterface {
  name = 'InitialSchema1795430257125';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "skills" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, CONSTRAINT "UQ_24dfe4ab996e0cd7f3cd1393826" UNIQUE ("key"), CONSTRAINT "PK_0d3212120f4ecedf90864d7e298" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "queue_required_skills" ("queue_id" uuid NOT NULL, "skill_id" uuid NOT NULL, "min_level" smallint NOT NULL, CONSTRAINT "PK_3f17246d416646f0fd7cc46aaf9" PRIMARY KEY ("queue_id", "skill_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "queues" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, "sl_threshold_seconds" integer NOT NULL, "sl_target_percent" real NOT NULL, "offer_timeout_seconds" integer NOT NULL, "wrap_up_seconds" integer NOT NULL, "strategy" character varying(32) NOT NULL DEFAULT 'longest-idle', "base_priority" integer NOT NULL DEFAULT '0', "overflow" jsonb NOT NULL DEFAULT '[]'::jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_e57756c7f7e3699cee0490c23db" UNIQUE ("key"), CONSTRAINT "PK_d966f9eb39a9396658387071bb3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "agent_queues" ("agent_id" uuid NOT NULL, "queue_id" uuid NOT NULL, CONSTRAINT "PK_99a710dd45bfad4c36a0bc6a535" PRIMARY KEY ("agent_id", "queue_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "agent_skills" ("agent_id" uuid NOT NULL, "skill_id" uuid NOT NULL, "level" smallint NOT NULL, CONSTRAINT "PK_fd964122f6c56b3b38160d60469" PRIMARY KEY ("agent_id", "skill_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "email" character varying(320) NOT NULL, "password_hash" character varying(200) NOT NULL, "role" character varying(20) NOT NULL, "disabled" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "agents" ("user_id" uuid NOT NULL, "capacity" jsonb NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'offline', "status_reason" character varying(64), "status_since" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_57ee94c84a8e570e362af59dcea" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "customers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "external_id" character varying(200), "name" character varying(200), "phone" character varying(32), "email" character varying(320), "tier" character varying(16) NOT NULL DEFAULT 'standard', "lifetime_value" numeric(14,2) NOT NULL DEFAULT '0', "language" character varying(16), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_133ec679a801fab5e070f73d3ea" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_customers_external_id" ON "customers"  ("external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_customers_phone" ON "customers"  ("phone") `);
    await queryRunner.query(`CREATE INDEX "IDX_customers_email" ON "customers"  ("email") `);
    await queryRunner.query(
      `CREATE TABLE "tickets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "channel" character varying(16) NOT NULL, "queue_id" uuid NOT NULL, "status" character varying(24) NOT NULL, "subject" character varying(300) NOT NULL, "description" text, "category" character varying(100), "priority" integer NOT NULL, "customer_id" uuid NOT NULL, "assigned_agent_id" uuid, "external_id" character varying(200), "idempotency_key" character varying(200), "request_fingerprint" character varying(64), "created_by_id" uuid, "resolution_code" character varying(64), "resolution_note" text, "last_event_seq" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "enqueued_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_343bc942ae261cf7a1377f48fd0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_tickets_assigned_agent" ON "tickets"  ("assigned_agent_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_tickets_external_id" ON "tickets"  ("external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_tickets_idempotency" ON "tickets"  ("created_by_id", "idempotency_key") WHERE idempotency_key IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_tickets_customer" ON "tickets"  ("customer_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_tickets_queue_status" ON "tickets"  ("queue_id", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_tickets_created" ON "tickets"  ("created_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "offers" ("id" uuid NOT NULL, "ticket_id" uuid NOT NULL, "agent_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "responded_at" TIMESTAMP WITH TIME ZONE, "routing" jsonb NOT NULL DEFAULT '{}'::jsonb, CONSTRAINT "PK_4c88e956195bba85977da21b8f4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_offers_agent_status" ON "offers"  ("agent_id", "status") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_offers_one_pending_per_ticket" ON "offers"  ("ticket_id") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE TABLE "ticket_events" ("id" BIGSERIAL NOT NULL, "ticket_id" uuid NOT NULL, "seq" integer NOT NULL, "type" character varying(48) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" uuid, "data" jsonb NOT NULL DEFAULT '{}'::jsonb, CONSTRAINT "PK_d61d07653b492eca67f9bad8ec2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ticket_events_at" ON "ticket_events"  ("at") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_ticket_events_ticket_seq" ON "ticket_events"  ("ticket_id", "seq") `,
    );
    await queryRunner.query(
      `ALTER TABLE "queue_required_skills" ADD CONSTRAINT "FK_6baf22e40de3ffabbfc89ed3b34" FOREIGN KEY ("queue_id") REFERENCES "queues"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "queue_required_skills" ADD CONSTRAINT "FK_fb1cbc084677ce3373d1756526a" FOREIGN KEY ("skill_id") REFERENCES "skills"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agent_queues" ADD CONSTRAINT "FK_9ec8f840bab426554a011f7fb6b" FOREIGN KEY ("agent_id") REFERENCES "agents"("user_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agent_queues" ADD CONSTRAINT "FK_bc0ba0ac8c6f173e24fb381ac9e" FOREIGN KEY ("queue_id") REFERENCES "queues"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agent_skills" ADD CONSTRAINT "FK_7e3bd2dae3d5a1b6dd3247f09b6" FOREIGN KEY ("agent_id") REFERENCES "agents"("user_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agent_skills" ADD CONSTRAINT "FK_2704e08347130ae2a3e132b9bcd" FOREIGN KEY ("skill_id") REFERENCES "skills"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agents" ADD CONSTRAINT "FK_57ee94c84a8e570e362af59dcea" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD CONSTRAINT "FK_4e7a878321b2c5f669030dfb8b8" FOREIGN KEY ("queue_id") REFERENCES "queues"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD CONSTRAINT "FK_42e4343476d9c4a46fb565a5c46" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD CONSTRAINT "FK_38e29092cd4bc15c5e2a516ae96" FOREIGN KEY ("assigned_agent_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "offers" ADD CONSTRAINT "FK_8d3411baadbf9558682a8646099" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "offers" ADD CONSTRAINT "FK_08cbb179f4f37f4e990fd5b97ae" FOREIGN KEY ("agent_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_events" ADD CONSTRAINT "FK_9cf43c4478294faa98129c47c21" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_events" ADD CONSTRAINT "FK_f13e732854401f6f00cdd045f23" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ticket_events" DROP CONSTRAINT "FK_f13e732854401f6f00cdd045f23"`);
    await queryRunner.query(`ALTER TABLE "ticket_events" DROP CONSTRAINT "FK_9cf43c4478294faa98129c47c21"`);
    await queryRunner.query(`ALTER TABLE "offers" DROP CONSTRAINT "FK_08cbb179f4f37f4e990fd5b97ae"`);
    await queryRunner.query(`ALTER TABLE "offers" DROP CONSTRAINT "FK_8d3411baadbf9558682a8646099"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP CONSTRAINT "FK_38e29092cd4bc15c5e2a516ae96"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP CONSTRAINT "FK_42e4343476d9c4a46fb565a5c46"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP CONSTRAINT "FK_4e7a878321b2c5f669030dfb8b8"`);
    await queryRunner.query(`ALTER TABLE "agents" DROP CONSTRAINT "FK_57ee94c84a8e570e362af59dcea"`);
    await queryRunner.query(`ALTER TABLE "agent_skills" DROP CONSTRAINT "FK_2704e08347130ae2a3e132b9bcd"`);
    await queryRunner.query(`ALTER TABLE "agent_skills" DROP CONSTRAINT "FK_7e3bd2dae3d5a1b6dd3247f09b6"`);
    await queryRunner.query(`ALTER TABLE "agent_queues" DROP CONSTRAINT "FK_bc0ba0ac8c6f173e24fb381ac9e"`);
    await queryRunner.query(`ALTER TABLE "agent_queues" DROP CONSTRAINT "FK_9ec8f840bab426554a011f7fb6b"`);
    await queryRunner.query(`ALTER TABLE "queue_required_skills" DROP CONSTRAINT "FK_fb1cbc084677ce3373d1756526a"`);
    await queryRunner.query(`ALTER TABLE "queue_required_skills" DROP CONSTRAINT "FK_6baf22e40de3ffabbfc89ed3b34"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_ticket_events_ticket_seq"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ticket_events_at"`);
    await queryRunner.query(`DROP TABLE "ticket_events"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_offers_one_pending_per_ticket"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_offers_agent_status"`);
    await queryRunner.query(`DROP TABLE "offers"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tickets_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tickets_queue_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tickets_customer"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_tickets_idempotency"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_tickets_external_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tickets_assigned_agent"`);
    await queryRunner.query(`DROP TABLE "tickets"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_customers_email"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_customers_phone"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_customers_external_id"`);
    await queryRunner.query(`DROP TABLE "customers"`);
    await queryRunner.query(`DROP TABLE "agents"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "agent_skills"`);
    await queryRunner.query(`DROP TABLE "agent_queues"`);
    await queryRunner.query(`DROP TABLE "queues"`);
    await queryRunner.query(`DROP TABLE "queue_required_skills"`);
    await queryRunner.query(`DROP TABLE "skills"`);
  }
}
