import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { USER_ROLES, type UserRole } from '@app/persistence';
import { MIN_PASSWORD_LENGTH } from '../../auth/password';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{1,63}$/;

export class CreateUserDto {
  @ApiProperty({ example: 'jinma2', description: '小写字母、数字、_ . -' }) @IsString() @Matches(USERNAME_PATTERN) username: string;
  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH }) @IsString() @MinLength(MIN_PASSWORD_LENGTH) @MaxLength(256) password: string;
  @ApiProperty({ enum: USER_ROLES }) @IsIn(USER_ROLES) role: UserRole;
  @ApiPropertyOptional({ description: '审核员必填：所属县' }) @IsOptional() @IsUUID() countyId?: string;
  @ApiPropertyOptional({ description: '乡镇账号必填：所属乡镇' }) @IsOptional() @IsUUID() townshipId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) displayName?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf((_, v) => v !== null && v !== undefined) @IsString() @MaxLength(100) displayName?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf((_, v) => v !== null && v !== undefined) @IsEmail() email?: string | null;
  @ApiPropertyOptional({ description: '重置密码（该用户所有会话失效）', minLength: MIN_PASSWORD_LENGTH })
  @IsOptional() @IsString() @MinLength(MIN_PASSWORD_LENGTH) @MaxLength(256) password?: string;
}

export class UserListQueryDto {
  @ApiPropertyOptional({ enum: USER_ROLES }) @IsOptional() @IsIn(USER_ROLES) role?: UserRole;
  @ApiPropertyOptional() @IsOptional() @IsUUID() townshipId?: string;
}

export class UserViewDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiPropertyOptional({ nullable: true, type: String }) displayName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ enum: USER_ROLES }) role: UserRole;
  @ApiPropertyOptional({ nullable: true, type: String }) countyId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) townshipId: string | null;
  @ApiProperty() disabled: boolean;
  @ApiProperty() createdAt: Date;
}
