import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateCountyDto {
  @ApiProperty({ example: 'luquan', description: '唯一编码（字母、数字、_、-）' }) @IsString() @Matches(/^[A-Za-z0-9_-]{1,64}$/) code: string;
  @ApiProperty({ example: '禄劝彝族苗族自治县' }) @IsString() @MinLength(1) @MaxLength(100) name: string;
}

export class UpdateCountyDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_-]{1,64}$/) code?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(100) name?: string;
}
