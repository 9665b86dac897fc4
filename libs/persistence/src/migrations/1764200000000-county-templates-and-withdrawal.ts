import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Templates get an owner (county_id null = the national default, else the county's own version) and submissions can
 * be withdrawn by the township (kept in history, no longer current).
 */
export class CountyTemplatesAndWithdrawal1764200000000 implements MigrationInterface {
  name = 'CountyTemplatesAndWithdrawal1764200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "checklist_templates" ADD "county_id" uuid`);
    await queryRunner.query(`ALTER TABLE "submissions" ADD "withdrawn_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "submissions" ADD "withdrawn_by" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_4fa8688cbff52a6498ade0cda9" ON "checklist_templates" ("county_id") `);
    await queryRunner.query(`ALTER TABLE "checklist_templates" ADD CONSTRAINT "FK_4fa8688cbff52a6498ade0cda9b" FOREIGN KEY ("county_id") REFERENCES "counties"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "checklist_templates" DROP CONSTRAINT "FK_4fa8688cbff52a6498ade0cda9b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4fa8688cbff52a6498ade0cda9"`);
    await queryRunner.query(`ALTER TABLE "submissions" DROP COLUMN "withdrawn_by"`);
    await queryRunner.query(`ALTER TABLE "submissions" DROP COLUMN "withdrawn_at"`);
    await queryRunner.query(`ALTER TABLE "checklist_templates" DROP COLUMN "county_id"`);
  }
}
