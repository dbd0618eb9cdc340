import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Attachments: files on messages, their bytes in the attachment store, their type read from the content. */

export class Attachments1796155694895 implements MigrationInterface {
  name = 'Attachments1796155694895';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "attachments" ("id" uuid NOT NULL, "ticket_id" uuid NOT NULL, "message_id" uuid NOT NULL, "name" character varying(255) NOT NULL, "content_type" character varying(100) NOT NULL, "size" integer NOT NULL, "sha256" character(64) NOT NULL, "storage_key" character varying(300) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5e1f050bcff31e3084a1d662412" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IX_attachments_ticket" ON "attachments"  ("ticket_id") `);
    await queryRunner.query(`CREATE INDEX "IX_attachments_message" ON "attachments"  ("message_id") `);
    await queryRunner.query(
      `ALTER TABLE "attachments" ADD CONSTRAINT "FK_73d871f247ffebda5dc3f0df8a4" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attachments" ADD CONSTRAINT "FK_623e10eec51ada466c5038979e3" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "attachments" DROP CONSTRAINT "FK_623e10eec51ada466c5038979e3"`);
    await queryRunner.query(`ALTER TABLE "attachments" DROP CONSTRAINT "FK_73d871f247ffebda5dc3f0df8a4"`);
    await queryRunner.query(`DROP INDEX "public"."IX_attachments_message"`);
    await queryRunner.query(`DROP INDEX "public"."IX_attachments_ticket"`);
    await queryRunner.query(`DROP TABLE "attachments"`);
  }
}
