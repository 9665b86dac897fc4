import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiOkResponse } from '@nestjs/swagger';
import { AuditPageDto } from '../common/view.dto';
import { CurrentUser, Roles, type Principal } from '../common/principal';
import { AuditService, type AuditPage } from './audit.service';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: '审计日志（审核员：本县；管理员：全部），按时间倒序分页' })
  @ApiOkResponse({ type: AuditPageDto })
  list(@CurrentUser() user: Principal, @Query() q: AuditQueryDto): Promise<AuditPage> {
    return this.audit.list(user, q.page, q.pageSize, { townshipId: q.townshipId, entityType: q.entityType });
  }
}
