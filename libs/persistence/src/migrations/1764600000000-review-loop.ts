import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The review loop: an item a township answered or added to after a rejection waits for the auditor again
 * (review_requested_*; the auditor's decision is kept until they decide anew), and the township's own note on an item.
 */
export class ReviewLoop1764600000000 implements MigrationInterface {
  name = 'ReviewLoop1764600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "checklist_items" ADD "review_requested_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "checklist_items" ADD "review_requested_by" uuid`);
    await queryRunner.query(`ALTER TABLE "checklist_items" ADD "review_request_cause" text`);
    await queryRunner.query(`ALTER TABLE "checklist_items" ADD "township_note" text`);
    await queryRunner.query(`ALTER TABLE "checklist_items" ADD "township_note_by" uuid`);
    await queryRunner.query(`ALTER TABLE "checklist_items" ADD "township_note_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const c of ['township_note_at', 'township_note_by', 'township_note', 'review_request_cause', 'review_requested_by', 'review_requested_at']) {
      await queryRunner.query(`ALTER TABLE "checklist_items" DROP COLUMN "${c}"`);
    }
  }
}
