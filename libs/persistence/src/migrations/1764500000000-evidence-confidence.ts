import { MigrationInterface, QueryRunner } from 'typeorm';

/** How strongly an automatic quote claims its obligation (the analyzer's 0–1 confidence); null for manual evidence. */
export class EvidenceConfidence1764500000000 implements MigrationInterface {
  name = 'EvidenceConfidence1764500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evidence" ADD "confidence" real`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "evidence" DROP COLUMN "confidence"`);
  }
}
