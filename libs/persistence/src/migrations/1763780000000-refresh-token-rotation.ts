import { MigrationInterface, QueryRunner } from 'typeorm';

/** Links a rotated refresh token to its successor, so presenting a rotated token again is detected as reuse. */
export class RefreshTokenRotation1763780000000 implements MigrationInterface {
  name = 'RefreshTokenRotation1763780000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD "replaced_by_id" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP COLUMN "replaced_by_id"`);
  }
}
