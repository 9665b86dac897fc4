import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Notification } from '@app/persistence';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/domain-error';
import type { Principal } from '../common/principal';

/** In-app notifications addressed to the caller; nobody reads anyone else's. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(user: Principal, unreadOnly: boolean): Promise<Notification[]> {
    const qb = this.notifications
      .createQueryBuilder('n')
      .where('n.recipient_user_id = :userId', { userId: user.id })
      .andWhere(`n.channel = 'in_app'`)
      .orderBy('n.created_at', 'DESC')
      .take(500);
    if (unreadOnly) qb.andWhere('n.read_at IS NULL');
    return qb.getMany();
  }

  async markRead(user: Principal, id: string): Promise<Notification> {
    const notification = await this.notifications.findOneBy({ id, recipientUserId: user.id });
    if (!notification) throw new NotFoundError('NOTIFICATION_NOT_FOUND', '通知不存在');
    if (notification.readAt) return notification;
    return this.dataSource.transaction(async (m) => {
      await m.update(Notification, { id }, { status: 'read', readAt: new Date() });
      await this.audit.record(m, user, {
        action: 'notification.read',
        entityType: 'notification',
        entityId: id,
        countyId: notification.countyId,
        townshipId: notification.townshipId,
        before: { status: notification.status },
        after: { status: 'read' },
      });
      return m.findOneByOrFail(Notification, { id });
    });
  }
}
