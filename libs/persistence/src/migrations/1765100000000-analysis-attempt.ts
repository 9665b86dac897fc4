import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `analysis_attempt`: which analysis job of the submission is current. Part of the job id (`analyze:<id>:<version>#<n>`,
 * `ocr:…#<n>`); every statement that re-queues a submission (the api's retry, a forced re-analysis, the sweeper)
 * increments it, so the api and the sweeper name the same job. `attempts` stays the count of claims.
 */
export class AnalysisAttempt1765100000000 implements MigrationInterface {
  name = 'AnalysisAttempt1765100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "submissions" ADD "analysis_attempt" integer NOT NULL DEFAULT '0'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "submissions" DROP COLUMN "analysis_attempt"`);
  }
}
