import { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox of checklist recomputes: one row per township-year whose recompute is asked for and not yet done. */
export class ChecklistRecomputeRequests1764300000000 implements MigrationInterface {
  name = 'ChecklistRecomputeRequests1764300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "checklist_recompute_requests" ("township_id" uuid NOT NULL, "year" integer NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "PK_checklist_recompute_requests" PRIMARY KEY ("township_id", "year"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "checklist_recompute_requests"`);
  }
}
