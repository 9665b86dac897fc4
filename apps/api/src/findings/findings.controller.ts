import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FindingDto } from '../common/view.dto';
import type { Finding } from '@app/persistence';
import { IdPipe } from '../common/id.pipe';
import { CurrentUser, Roles, type Principal } from '../common/principal';
import { FindingPageDto, FindingQueryDto, FindingResponseDto } from './dto/finding.dto';
import { FindingsService } from './findings.service';

@ApiTags('findings')
@ApiBearerAuth()
@Controller('findings')
export class FindingsController {
  constructor(private readonly findings: FindingsService) {}

  @Get()
  @ApiOperation({ summary: '问题清单（按权限范围，分页，附乡镇名称），可按状态、类型、是否已答复、年度、乡镇、县筛选' })
  @ApiOkResponse({ type: FindingPageDto })
  list(@CurrentUser() user: Principal, @Query() q: FindingQueryDto): Promise<FindingPageDto> {
    return this.findings.list(user, q);
  }

  @Post(':id/response')
  @HttpCode(200)
  @Roles('township')
  @ApiOperation({ summary: '乡镇答复本乡镇的问题' })
  @ApiOkResponse({ type: FindingDto })
  respond(@CurrentUser() user: Principal, @Param('id', new IdPipe('FINDING_NOT_FOUND')) id: string, @Body() dto: FindingResponseDto): Promise<Finding> {
    return this.findings.respond(user, id, dto.response);
  }
}
