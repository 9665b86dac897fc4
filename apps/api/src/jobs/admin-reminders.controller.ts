import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles, type Principal } from '../common/principal';
import { ReminderRunService, type ReminderRunAnswer } from './reminder-run.service';

export class ReminderRunCountsDto {
  @ApiProperty({ description: '检查的乡镇数' }) townships: number;
  @ApiProperty({ description: '涉及的期限数' }) deadlines: number;
  @ApiProperty({ description: '新生成的提醒数' }) inserted: number;
  @ApiProperty({ description: '投递次数（站内、邮件、Webhook）' }) deliveries: number;
}

export class ReminderRunAnswerDto {
  @ApiProperty() jobId: string;
  @ApiProperty({ description: '按此日期计算提醒' }) asOf: string;
  @ApiProperty({ enum: ['completed', 'queued'], description: 'completed：已完成并附结果；queued：仍在后台运行' }) state: 'completed' | 'queued';
  @ApiPropertyOptional({ type: ReminderRunCountsDto }) result?: ReminderRunCountsDto;
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/reminders')
export class AdminRemindersController {
  constructor(private readonly reminders: ReminderRunService) {}

  @Post('run')
  @HttpCode(200)
  @ApiOperation({ summary: '立即运行提醒计划（仅管理员，记入审计日志）：数秒内完成则返回结果，否则返回 202 与任务编号' })
  @ApiOkResponse({ type: ReminderRunAnswerDto })
  @ApiAcceptedResponse({ type: ReminderRunAnswerDto })
  async run(@CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response): Promise<ReminderRunAnswer> {
    const answer = await this.reminders.runNow(user);
    if (answer.state !== 'completed') res.status(202);
    return answer;
  }
}
