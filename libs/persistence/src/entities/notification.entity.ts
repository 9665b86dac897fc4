import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const NOTIFICATION_CHANNELS = ['in_app', 'email', 'webhook', 'wecom', 'dingtalk'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed', 'read'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * A reminder or alert on one channel. The unique dedupe key (rule + subject + recipient + channel) is what makes
 * "never send the same reminder twice" hold across job re-runs and concurrent workers.
 */
@Entity('notifications')
@Index(['recipientUserId', 'createdAt'])
export class Notification {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'dedupe_key', type: 'text', unique: true }) dedupeKey: string;
  @Column({ type: 'enum', enum: NOTIFICATION_CHANNELS, enumName: 'notification_channel' }) channel: NotificationChannel;
  @Column({ name: 'recipient_user_id', type: 'uuid', nullable: true }) recipientUserId: string | null;
  /** Email address or webhook URL for the outward channels (null for the robots: their URL is read from the county's settings when sent). */
  @Column({ name: 'recipient_address', type: 'text', nullable: true }) recipientAddress: string | null;
  @Column({ name: 'township_id', type: 'uuid', nullable: true }) townshipId: string | null;
  @Column({ name: 'county_id', type: 'uuid', nullable: true }) countyId: string | null;
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'text' }) subject: string;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'jsonb', default: () => `'{}'` }) payload: Record<string, unknown>;
  @Column({ type: 'enum', enum: NOTIFICATION_STATUSES, enumName: 'notification_status', default: 'pending' }) status: NotificationStatus;
  @Column({ type: 'int', default: 0 }) attempts: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt: Date | null;
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
