import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { TOWNSHIP_LEVELS, type TownshipLevel } from '@app/persistence';

export class CreateTownshipDto {
  @ApiProperty() @IsUUID() countyId: string;
  @ApiProperty({ example: 'jinma', description: '唯一编码（字母、数字、_、-）' }) @IsString() @Matches(/^[A-Za-z0-9_-]{1,64}$/) code: string;
  @ApiProperty({ example: '金马镇' }) @IsString() @MinLength(1) @MaxLength(100) name: string;
  @ApiProperty({ enum: TOWNSHIP_LEVELS, description: 'town=镇, township=乡, street=街道' }) @IsIn(TOWNSHIP_LEVELS) level: TownshipLevel;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '村（社区）数，一村（社区）一法律顾问覆盖率的分母' })
  @IsOptional() @IsInt() @Min(0) @Max(10000) villageCount?: number | null;
}

export class UpdateTownshipDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_-]{1,64}$/) code?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(100) name?: string;
  @ApiPropertyOptional({ enum: TOWNSHIP_LEVELS }) @IsOptional() @IsIn(TOWNSHIP_LEVELS) level?: TownshipLevel;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '修改后将重算该乡镇各年度清单' })
  @ValidateIf((_, v) => v !== null && v !== undefined) @IsInt() @Min(0) @Max(10000) villageCount?: number | null;
}

export class TownshipListQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() countyId?: string;
  @ApiPropertyOptional({ description: '包括已停用的乡镇' })
  @IsOptional() @Transform(({ value }) => value === 'true' || value === true) @IsBoolean() includeDisabled?: boolean;
}
