import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const USER_ROLES = ['admin', 'auditor', 'township'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** An account. Auditors are scoped to one county, township staff to one township, admins to everything. */
@Entity('users')
@Check('users_scope_matches_role', `(role = 'admin') OR (role = 'auditor' AND county_id IS NOT NULL AND township_id IS NULL) OR (role = 'township' AND township_id IS NOT NULL)`)
@Index('users_township', ['townshipId'], { where: 'township_id IS NOT NULL' })
@Index('users_county', ['countyId'], { where: 'county_id IS NOT NULL' })
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text', unique: true }) username: string;
  @Column({ name: 'display_name', type: 'text', nullable: true }) displayName: string | null;
  @Column({ type: 'text', nullable: true }) email: string | null;
  @Column({ name: 'password_hash', type: 'text' }) passwordHash: string;
  @Column({ type: 'enum', enum: USER_ROLES, enumName: 'user_role' }) role: UserRole;
  @Column({ name: 'county_id', type: 'uuid', nullable: true }) countyId: string | null;
  @Column({ name: 'township_id', type: 'uuid', nullable: true }) townshipId: string | null;
  @Column({ type: 'boolean', default: false }) disabled: boolean;
  /** Bumped on logout, password change and disable: every earlier refresh token stops working. */
  @Column({ name: 'token_version', type: 'int', default: 0 }) tokenVersion: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
