import { Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags, ApiOkResponse } from '@nestjs/swagger';
import { NotificationDto } from '../common/view.dto';
import type { Notification } from '@app/persistence';
import { IdPipe } from '../common/id.pipe';
import { CurrentUser, type Principal } from '../common/principal';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: '我的站内通知' })
  @ApiQuery({ name: 'unread', required: false, enum: ['true', 'false'] })
  @ApiOkResponse({ type: [NotificationDto] })
  list(@CurrentUser() user: Principal, @Query('unread') unread?: string): Promise<Notification[]> {
    return this.notifications.list(user, unread === 'true');
  }

  @Patch(':id/read')
  @ApiOperation({ summary: '标记已读' })
  @ApiOkResponse({ type: NotificationDto })
  markRead(@CurrentUser() user: Principal, @Param('id', new IdPipe('NOTIFICATION_NOT_FOUND')) id: string): Promise<Notification> {
    return this.notifications.markRead(user, id);
  }
}
