import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An annual report that is not a rule-of-law report at all (a menu, a contract): status rejected_not_report, the file
 * kept; an auditor's override (report_override_*) makes the worker analyse it as a report anyway.
 */
export class NotAReport1764600000001 implements MigrationInterface {
  name = 'NotAReport1764600000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."submission_status" ADD VALUE IF NOT EXISTS 'rejected_not_report'`);
    await queryRunner.query(`ALTER TABLE "submissions" ADD "report_override_by" uuid`);
    await queryRunner.query(`ALTER TABLE "submissions" ADD "report_override_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "submissions" DROP COLUMN "report_override_at"`);
    await queryRunner.query(`ALTER TABLE "submissions" DROP COLUMN "report_override_by"`);
    // PostgreSQL cannot drop an enum value: the type is rebuilt without it (such rows become failed).
    await queryRunner.query(`UPDATE "submissions" SET "status" = 'failed' WHERE "status"::text = 'rejected_not_report'`);
    await queryRunner.query(`ALTER TYPE "public"."submission_status" RENAME TO "submission_status_old"`);
    await queryRunner.query(`CREATE TYPE "public"."submission_status" AS ENUM('received', 'queued', 'analyzing', 'analyzed', 'failed')`);
    await queryRunner.query(`ALTER TABLE "submissions" ALTER COLUMN "status" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "submissions" ALTER COLUMN "status" TYPE "public"."submission_status" USING "status"::text::"public"."submission_status"`);
    await queryRunner.query(`ALTER TABLE "submissions" ALTER COLUMN "status" SET DEFAULT 'received'`);
    await queryRunner.query(`DROP TYPE "public"."submission_status_old"`);
  }
}
