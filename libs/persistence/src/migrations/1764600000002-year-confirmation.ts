import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An annual report whose text states another year than the one chosen at upload waits (needs_year_confirmation)
 * until the township confirms a year (year_confirmed_*).
 */
export class YearConfirmation1764600000002 implements MigrationInterface {
  name = 'YearConfirmation1764600000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."submission_status" ADD VALUE IF NOT EXISTS 'needs_year_confirmation'`);
    await queryRunner.query(`ALTER TABLE "submissions" ADD "year_confirmed_by" uuid`);
    await queryRunner.query(`ALTER TABLE "submissions" ADD "year_confirmed_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "submissions" DROP COLUMN "year_confirmed_at"`);
    await queryRunner.query(`ALTER TABLE "submissions" DROP COLUMN "year_confirmed_by"`);
    // PostgreSQL cannot drop an enum value: the type is rebuilt without it (held rows go back to received).
    await queryRunner.query(`UPDATE "submissions" SET "status" = 'received' WHERE "status"::text = 'needs_year_confirmation'`);
    await queryRunner.query(`ALTER TYPE "public"."submission_status" RENAME TO "submission_status_old"`);
    await queryRunner.query(`CREATE TYPE "public"."submission_status" AS ENUM('received', 'queued', 'analyzing', 'analyzed', 'failed', 'rejected_not_report')`);
    await queryRunner.query(`ALTER TABLE "submissions" ALTER COLUMN "status" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "submissions" ALTER COLUMN "status" TYPE "public"."submission_status" USING "status"::text::"public"."submission_status"`);
    await queryRunner.query(`ALTER TABLE "submissions" ALTER COLUMN "status" SET DEFAULT 'received'`);
    await queryRunner.query(`DROP TYPE "public"."submission_status_old"`);
  }
}
