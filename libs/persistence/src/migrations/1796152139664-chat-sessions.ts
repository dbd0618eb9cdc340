import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The customer's web chat: one session per chat ticket, found by the SHA-256 of its customer
 * token; and per queue, the other sites' origins whose pages may open its chat.
 */

export class ChatSessions1796152139664 implements MigrationInterface {
  name = 'ChatSessions1796152139664';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "chat_sessions" ("id" uuid NOT NULL, "ticket_id" uuid NOT NULL, "customer_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "origin" character varying(300), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_efc151a4aafa9a28b73dedc485f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_chat_sessions_ticket" ON "chat_sessions"  ("ticket_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_chat_sessions_token_hash" ON "chat_sessions"  ("token_hash") `);
    await queryRunner.query(`ALTER TABLE "queues" ADD "chat_origins" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `ALTER TABLE "chat_sessions" ADD CONSTRAINT "FK_58a0357a01ae7ebf0f7f46d0817" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "chat_sessions" ADD CONSTRAINT "FK_5ce9bd078ddc327ca22a28e5d14" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "chat_sessions" DROP CONSTRAINT "FK_5ce9bd078ddc327ca22a28e5d14"`);
    await queryRunner.query(`ALTER TABLE "chat_sessions" DROP CONSTRAINT "FK_58a0357a01ae7ebf0f7f46d0817"`);
    await queryRunner.query(`ALTER TABLE "queues" DROP COLUMN "chat_origins"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_chat_sessions_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_chat_sessions_ticket"`);
    await queryRunner.query(`DROP TABLE "chat_sessions"`);
  }
}
