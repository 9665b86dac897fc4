import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who wrote an item's 审核意见 and when: a comment the township has not answered since (its note is older or absent)
 * is an open question on its task page.
 */
export class ItemQuestions1765500000000 implements MigrationInterface {
  name = 'ItemQuestions1765500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "checklist_items" ADD "comment_by" uuid`);
    await queryRunner.query(`ALTER TABLE "checklist_items" ADD "comment_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "checklist_items" DROP COLUMN "comment_at"`);
    await queryRunner.query(`ALTER TABLE "checklist_items" DROP COLUMN "comment_by"`);
  }
}
