import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ITEM_STATUSES, REQUIREMENT_KINDS, SUBMISSION_STATUSES } from '@app/persistence';
import { TemplateRefDto } from '../../checklists/dto/checklist-view.dto';

// OpenAPI shape of GET /counties/:id/matrix (the CountyMatrix interface in matrix.service.ts).

export class MatrixRequirementDto {
  @ApiProperty({ enum: REQUIREMENT_KINDS }) kind: string;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '阈值（数量或比例要求）；仅需佐证时为 null' }) threshold: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: "单位（'percent' 为百分比）" }) unit: string | null;
}

export class MatrixObligationDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() area: string;
  @ApiProperty() tier: string;
  @ApiProperty() weight: number;
  @ApiProperty({ type: MatrixRequirementDto }) requirement: MatrixRequirementDto;
}

export class MatrixRowDto {
  @ApiProperty() townshipId: string;
  @ApiProperty() townshipName: string;
  @ApiProperty() townshipCode: string;
  @ApiProperty({ enum: ['submitted', 'not_submitted'], description: '年度报告报送情况（已撤回的不算）' }) reportStatus: 'submitted' | 'not_submitted';
  @ApiPropertyOptional({ nullable: true, type: String }) checklistId: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) templateVersion: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '得分；无年度报告（未报送）时为 null' }) score: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) rank: number | null;
  @ApiProperty() openFindings: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', enum: [...ITEM_STATUSES] },
    description: '义务编号 → 状态',
  })
  statuses: Record<string, string>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: '义务编号 → 测得数值（仅有数值的义务）' })
  values: Record<string, number>;
  @ApiPropertyOptional({ nullable: true, enum: SUBMISSION_STATUSES, description: '最近一份（未撤回的）年度报告的处理状态；null 为从未报送' })
  latestReportStatus: string | null;
}

export class MatrixCoverageDto {
  @ApiProperty() obligationId: string;
  @ApiProperty() met: number;
  @ApiProperty() applicable: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) share: number | null;
}

export class MatrixCountyDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() code: string;
}

export class CountyMatrixDto {
  @ApiProperty({ type: MatrixCountyDto }) county: MatrixCountyDto;
  @ApiProperty() year: number;
  @ApiPropertyOptional({ nullable: true, type: TemplateRefDto }) template: TemplateRefDto | null;
  @ApiProperty({ type: [MatrixObligationDto] }) obligations: MatrixObligationDto[];
  @ApiProperty({ type: [MatrixRowDto] }) townships: MatrixRowDto[];
  @ApiProperty({ type: [MatrixCoverageDto] }) coverage: MatrixCoverageDto[];
}
