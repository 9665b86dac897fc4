import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { CurrentUser, Public, Roles, type Principal } from '../common/principal';
import { QUEUE_DASHBOARD_COOKIE, QUEUE_DASHBOARD_PATH } from '../common/queue-dashboard';
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
  @UseGuards(LoginThrottlerGuard)
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED：当前密码尝试次数过多' })
  @Post('me/password')
  @HttpCode(200)
  @ApiOperation({ summary: '修改自己的密码（须提供当前密码；所有会话失效，返回新令牌）。这是修改自己密码的唯一方式' })
  @ApiOkResponse({ type: TokenPairDto })
  changeOwnPassword(@CurrentUser() user: Principal, @Body() dto: ChangePasswordDto): Promise<TokenPairDto> {
    return this.auth.changePassword(user, dto.currentPassword, dto.newPassword);
  }

  @ApiBearerAuth()
  @UseGuards(LoginThrottlerGuard)
  @Post('auth/change-password')
  @HttpCode(200)
  @ApiOperation({ summary: '已弃用：请使用 POST /api/me/password（同样须提供当前密码）', deprecated: true })
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

  @ApiBearerAuth()
  @Roles('admin')
  @Post('admin/queues/session')
  @HttpCode(204)
  @ApiOperation({ summary: '为任务队列面板（/admin/queues）设置会话 Cookie（仅管理员；HttpOnly，SameSite=Strict，随访问令牌过期）' })
  @ApiNoContentResponse()
  queueDashboardSession(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')![1];
    const claims = this.auth.decodeAccessToken(token);
    res.cookie(QUEUE_DASHBOARD_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: QUEUE_DASHBOARD_PATH,
      maxAge: Math.max(0, claims.exp * 1000 - Date.now()),
    });
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Delete('admin/queues/session')
  @HttpCode(204)
  @ApiOperation({ summary: '清除任务队列面板的会话 Cookie' })
  @ApiNoContentResponse()
  endQueueDashboardSession(@Res({ passthrough: true }) res: Response): void {
    res.clearCookie(QUEUE_DASHBOARD_COOKIE, { path: QUEUE_DASHBOARD_PATH, httpOnly: true, sameSite: 'strict' });
  }
}
