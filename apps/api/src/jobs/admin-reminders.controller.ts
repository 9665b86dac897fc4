import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles, type Principal } from '../common/principal';
import { ReminderRunService, type ReminderRunAnswer } from './reminder-run.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/reminders')
export class AdminRemindersController {
  constructor(private readonly reminders: ReminderRunService) {}

  @Post('run')
  @HttpCode(200)
  @ApiOperation({ summary: '立即运行提醒计划（仅管理员，记入审计日志）：数秒内完成则返回结果，否则返回 202 与任务编号' })
  async run(@CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response): Promise<ReminderRunAnswer> {
    const answer = await this.reminders.runNow(user);
    if (answer.state !== 'completed') res.status(202);
    return answer;
  }
}
