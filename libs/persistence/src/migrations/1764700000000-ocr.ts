import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scans and photos read by OCR: images are a stored format; a submission that needs OCR says so (`needs_ocr`, the
 * durable intent behind a job on the `ocr` queue) and carries its page progress while it is read; evidence read off a
 * picture has source 'ocr' and the OCR line confidence beside the analyzer's claim confidence. Automatic evidence
 * (auto or ocr) stays unique per item, submission and offsets.
 */
export class Ocr1764700000000 implements MigrationInterface {
  name = 'Ocr1764700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."file_format" ADD VALUE IF NOT EXISTS 'image'`);
    await queryRunner.query(`ALTER TYPE "public"."evidence_source" ADD VALUE IF NOT EXISTS 'ocr'`);
    await queryRunner.query(`ALTER TABLE "submissions" ADD "needs_ocr" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "submissions" ADD "progress" jsonb`);
    await queryRunner.query(`ALTER TABLE "evidence" ADD "ocr_confidence" real`);
    await queryRunner.query(`DROP INDEX "public"."evidence_auto_unique"`);
    // Not `IN ('auto', 'ocr')`: a value added to an enum cannot be used in the transaction that added it.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "evidence_auto_unique" ON "evidence" ("checklist_item_id", "submission_id", "start_offset", "end_offset") WHERE source <> 'manual'`,
    );
  }

  /** PostgreSQL cannot drop enum values: both types are rebuilt, which fails while a row still uses 'image' or 'ocr'. */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."evidence_auto_unique"`);
    await queryRunner.query(`ALTER TABLE "evidence" DROP COLUMN "ocr_confidence"`);
    await queryRunner.query(`ALTER TABLE "submissions" DROP COLUMN "progress"`);
    await queryRunner.query(`ALTER TABLE "submissions" DROP COLUMN "needs_ocr"`);
    await queryRunner.query(`ALTER TYPE "public"."evidence_source" RENAME TO "evidence_source_old"`);
    await queryRunner.query(`CREATE TYPE "public"."evidence_source" AS ENUM('auto', 'manual')`);
    await queryRunner.query(
      `ALTER TABLE "evidence" ALTER COLUMN "source" TYPE "public"."evidence_source" USING "source"::"text"::"public"."evidence_source"`,
    );
    await queryRunner.query(`DROP TYPE "public"."evidence_source_old"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "evidence_auto_unique" ON "evidence" ("checklist_item_id", "submission_id", "start_offset", "end_offset") WHERE source = 'auto'`,
    );
    await queryRunner.query(`ALTER TYPE "public"."file_format" RENAME TO "file_format_old"`);
    await queryRunner.query(`CREATE TYPE "public"."file_format" AS ENUM('txt', 'html', 'docx', 'pdf', 'doc', 'wps', 'ofd')`);
    await queryRunner.query(
      `ALTER TABLE "submissions" ALTER COLUMN "format" TYPE "public"."file_format" USING "format"::"text"::"public"."file_format"`,
    );
    await queryRunner.query(`DROP TYPE "public"."file_format_old"`);
  }
}
