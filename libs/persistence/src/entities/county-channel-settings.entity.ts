import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { County } from './county.entity';

/**
 * Where a county's reminders go besides in-app, e-mail and the deployment-wide webhook: a 企业微信 (WeCom) group robot
 * and a 钉钉 (DingTalk) group robot with its signing secret. The robot URLs carry their access key and the DingTalk
 * secret signs every message, so the api never returns them in full.
 */
@Entity('county_channel_settings')
export class CountyChannelSettings {
  @PrimaryColumn({ name: 'county_id', type: 'uuid' }) countyId: string;
  @OneToOne(() => County, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'county_id' }) county?: County;
  @Column({ name: 'wecom_webhook_url', type: 'text', nullable: true }) wecomWebhookUrl: string | null;
  @Column({ name: 'dingtalk_webhook_url', type: 'text', nullable: true }) dingtalkWebhookUrl: string | null;
  @Column({ name: 'dingtalk_secret', type: 'text', nullable: true }) dingtalkSecret: string | null;
  @Column({ name: 'updated_by_user_id', type: 'uuid', nullable: true }) updatedByUserId: string | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/**
 * A robot URL as people and logs may see it: scheme, host and path, with every query value (the robot's key or
 * access token) cut to its first four characters. `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1a2b…`.
 */
export function redactRobotUrl(url: string): string {
  try {
    const u = new URL(url);
    const query = [...u.searchParams.entries()].map(([k, v]) => `${k}=${v.slice(0, 4)}…`).join('&');
    return `${u.protocol}//${u.host}${u.pathname}${query ? `?${query}` : ''}`;
  } catch {
    return '（无效地址）';
  }
}
