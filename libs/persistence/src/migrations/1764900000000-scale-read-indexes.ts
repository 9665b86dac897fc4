import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that EXPLAIN on national-shaped data (npm run bench:scale) showed missing: without them the township year
 * (evidence of its items), the recompute (a township year's evidence files) and every re-analysis and submission
 * delete (a submission's quotes) scan the whole evidence or submissions table. Proved in scale-indexes.int-spec.ts.
 * On a large existing database these take a write lock while they build (a minute or so for ten million evidence
 * rows); run the migration in a maintenance window.
 */
export class ScaleReadIndexes1764900000000 implements MigrationInterface {
  name = 'ScaleReadIndexes1764900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "evidence_checklist_item" ON "evidence" ("checklist_item_id") `);
    await queryRunner.query(`CREATE INDEX "evidence_submission" ON "evidence" ("submission_id") WHERE submission_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "submissions_checklist_item" ON "submissions" ("checklist_item_id") WHERE checklist_item_id IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."submissions_checklist_item"`);
    await queryRunner.query(`DROP INDEX "public"."evidence_submission"`);
    await queryRunner.query(`DROP INDEX "public"."evidence_checklist_item"`);
  }
}
