import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Omitted fields stay as they are; null clears a robot (clearing the DingTalk URL clears its secret too). */
export class UpdateCountyChannelsDto {
  @ApiPropertyOptional({ nullable: true, type: String, example: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa', description: '企业微信群机器人的 Webhook 地址；null 为停用' })
  @IsOptional() @IsString() @MaxLength(500)
  wecomWebhookUrl?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'https://oapi.dingtalk.com/robot/send?access_token=XXXXXX', description: '钉钉群机器人的 Webhook 地址；null 为停用' })
  @IsOptional() @IsString() @MaxLength(500)
  dingtalkWebhookUrl?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'SEC000000000000000000000', description: '钉钉机器人“加签”密钥（SEC 开头）；null 为不加签。保存后不再完整返回' })
  @IsOptional() @IsString() @MaxLength(200)
  dingtalkSecret?: string | null;
}

export class RobotSettingDto {
  @ApiProperty({ description: '是否已配置' }) configured: boolean;
  @ApiProperty({ nullable: true, type: String, description: '地址（密钥部分已隐去）', example: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…' }) url: string | null;
}

export class DingtalkSettingDto extends RobotSettingDto {
  @ApiProperty({ description: '是否已设置加签密钥（密钥本身从不返回）' }) signed: boolean;
}

export class CountyChannelsDto {
  @ApiProperty() countyId: string;
  @ApiProperty({ type: RobotSettingDto, description: '企业微信群机器人' }) wecom: RobotSettingDto;
  @ApiProperty({ type: DingtalkSettingDto, description: '钉钉群机器人' }) dingtalk: DingtalkSettingDto;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) updatedAt: Date | null;
}
