import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-county 企业微信 and 钉钉 group robots, and the two channels their reminders go out on. */
export class CountyRobotChannels1764800000000 implements MigrationInterface {
  name = 'CountyRobotChannels1764800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "county_channel_settings" ("county_id" uuid NOT NULL, "wecom_webhook_url" text, "dingtalk_webhook_url" text, "dingtalk_secret" text, "updated_by_user_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3134dfadbf40f7109517b74096" PRIMARY KEY ("county_id"))`);
    await queryRunner.query(`ALTER TYPE "public"."notification_channel" RENAME TO "notification_channel_old"`);
    await queryRunner.query(`CREATE TYPE "public"."notification_channel" AS ENUM('in_app', 'email', 'webhook', 'wecom', 'dingtalk')`);
    await queryRunner.query(`ALTER TABLE "notifications" ALTER COLUMN "channel" TYPE "public"."notification_channel" USING "channel"::"text"::"public"."notification_channel"`);
    await queryRunner.query(`DROP TYPE "public"."notification_channel_old"`);
    await queryRunner.query(`ALTER TABLE "county_channel_settings" ADD CONSTRAINT "FK_a3134dfadbf40f7109517b74096" FOREIGN KEY ("county_id") REFERENCES "counties"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "county_channel_settings" DROP CONSTRAINT "FK_a3134dfadbf40f7109517b74096"`);
    await queryRunner.query(`DELETE FROM "webhook_deliveries" WHERE "notification_id" IN (SELECT "id" FROM "notifications" WHERE "channel" IN ('wecom', 'dingtalk'))`);
    await queryRunner.query(`DELETE FROM "notifications" WHERE "channel" IN ('wecom', 'dingtalk')`);
    await queryRunner.query(`CREATE TYPE "public"."notification_channel_old" AS ENUM('in_app', 'email', 'webhook')`);
    await queryRunner.query(`ALTER TABLE "notifications" ALTER COLUMN "channel" TYPE "public"."notification_channel_old" USING "channel"::"text"::"public"."notification_channel_old"`);
    await queryRunner.query(`DROP TYPE "public"."notification_channel"`);
    await queryRunner.query(`ALTER TYPE "public"."notification_channel_old" RENAME TO "notification_channel"`);
    await queryRunner.query(`DROP TABLE "county_channel_settings"`);
  }
}
