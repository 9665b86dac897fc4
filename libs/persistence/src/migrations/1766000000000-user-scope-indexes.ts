import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The accounts of a township and of a county, by index: each county's reminder job reads its townships' staff and
 * its auditors, and without these it scanned every account of the country once per county (a cost growing with the
 * square of the country). Small tables: quick to build.
 */
export class UserScopeIndexes1766000000000 implements MigrationInterface {
  name = 'UserScopeIndexes1766000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "users_township" ON "users" ("township_id") WHERE township_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "users_county" ON "users" ("county_id") WHERE county_id IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."users_county"`);
    await queryRunner.query(`DROP INDEX "public"."users_township"`);
  }
}
