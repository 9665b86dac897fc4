import { MigrationInterface, QueryRunner } from 'typeorm';

/** Word 97 (.doc), WPS (.wps) and OFD uploads are read now: the stored format may name them. */
export class FileFormatsWord97Ofd1763791100000 implements MigrationInterface {
  name = 'FileFormatsWord97Ofd1763791100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."file_format" ADD VALUE IF NOT EXISTS 'doc'`);
    await queryRunner.query(`ALTER TYPE "public"."file_format" ADD VALUE IF NOT EXISTS 'wps'`);
    await queryRunner.query(`ALTER TYPE "public"."file_format" ADD VALUE IF NOT EXISTS 'ofd'`);
  }

  /** PostgreSQL cannot drop enum values: the type is rebuilt, which fails while a submission still uses one of them. */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."file_format" RENAME TO "file_format_old"`);
    await queryRunner.query(`CREATE TYPE "public"."file_format" AS ENUM('txt', 'html', 'docx', 'pdf')`);
    await queryRunner.query(
      `ALTER TABLE "submissions" ALTER COLUMN "format" TYPE "public"."file_format" USING "format"::"text"::"public"."file_format"`,
    );
    await queryRunner.query(`DROP TYPE "public"."file_format_old"`);
  }
}
