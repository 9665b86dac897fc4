import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { CurrentUser, Public, type Principal } from '../common/principal';
import { AuthService } from './auth.service';
import { ChangePasswordDto, LoginDto, MeDto, RefreshDto, TokenPairDto } from './dto/auth.dto';
import { LoginThrottlerGuard } from './login-throttler.guard';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: '用户名密码登录（按 IP+用户名 每分钟限次）' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED' })
  login(@Body() dto: LoginDto): Promise<TokenPairDto> {
    return this.auth.login(dto.username, dto.password);
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: '用刷新令牌换一对新令牌（旧刷新令牌作废；重复使用将注销该用户所有会话）' })
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @ApiBearerAuth()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiOperation({ summary: '退出登录（该用户所有会话失效）' })
  @ApiNoContentResponse()
  logout(@CurrentUser() user: Principal): Promise<void> {
    return this.auth.logout(user);
  }

  @ApiBearerAuth()
  @Post('auth/change-password')
  @HttpCode(200)
  @ApiOperation({ summary: '修改密码（其他会话失效，返回新令牌）' })
  @ApiOkResponse({ type: TokenPairDto })
  changePassword(@CurrentUser() user: Principal, @Body() dto: ChangePasswordDto): Promise<TokenPairDto> {
    return this.auth.changePassword(user, dto.currentPassword, dto.newPassword);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: '当前用户及其所属县、乡镇' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: Principal): Promise<MeDto> {
    return this.auth.me(user);
  }
}
