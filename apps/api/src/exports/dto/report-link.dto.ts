import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class CreateReportLinkDto {
  @ApiProperty({ example: 2024, description: '检查年度（须有检查模板）' }) @IsInt() @Min(2000) @Max(2100) year: number;
  @ApiPropertyOptional({ example: 14, default: 14, minimum: 1, maximum: 90, description: '链接有效天数（1–90，缺省 14）' })
  @IsOptional() @IsInt() @Min(1) @Max(90)
  expiresInDays?: number;
}

export class ReportLinkDto {
  @ApiProperty({ description: '可直接发送的链接（无需登录即可打开，到期失效）', example: 'https://fazhi.example.gov.cn/api/public/county-reports/eyJj….abc' }) url: string;
  @ApiProperty({ description: '链接在本服务上的路径' }) path: string;
  @ApiProperty() year: number;
  @ApiProperty({ format: 'date-time', description: '失效时间' }) expiresAt: Date;
  @ApiProperty({ example: '禄劝彝族苗族自治县2024年度法治政府建设检查汇总.html', description: '打开后保存时的文件名' }) fileName: string;
}
