import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { MIN_PASSWORD_LENGTH } from '../password';

export class LoginDto {
  @ApiProperty({ example: 'jinma' }) @IsString() @MinLength(1) @MaxLength(64) username: string;
  @ApiProperty({ example: 'correct horse battery' }) @IsString() @MinLength(1) @MaxLength(256) password: string;
}

export class RefreshDto {
  @ApiProperty({ description: '登录或上次刷新时得到的刷新令牌（一次性）' }) @IsString() @MinLength(16) @MaxLength(256) refreshToken: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MaxLength(256) currentPassword: string;
  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH }) @IsString() @MinLength(MIN_PASSWORD_LENGTH) @MaxLength(256) newPassword: string;
}

export class TokenPairDto {
  @ApiProperty({ description: '访问令牌（JWT），放在 Authorization: Bearer 头中' }) accessToken: string;
  @ApiProperty({ description: '刷新令牌（不透明随机串，每次使用后轮换）' }) refreshToken: string;
  @ApiProperty({ description: '访问令牌有效秒数' }) expiresIn: number;
}

export class MeDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiPropertyOptional({ nullable: true, type: String }) displayName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ enum: ['admin', 'auditor', 'township'] }) role: string;
  @ApiPropertyOptional({ nullable: true, type: String }) countyId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) countyName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) townshipId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) townshipName: string | null;
}
