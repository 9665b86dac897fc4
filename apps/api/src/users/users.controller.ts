import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../common/id.pipe';
import { CurrentUser, Roles, type Principal } from '../common/principal';
import { CreateUserDto, UpdateUserDto, UserListQueryDto, UserViewDto } from './dto/user.dto';
import { UsersService } from './users.service';

const UserId = new IdPipe('USER_NOT_FOUND');

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin', 'auditor')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: '账号列表（审核员：本县的审核员和乡镇账号）' })
  @ApiOkResponse({ type: [UserViewDto] })
  list(@CurrentUser() user: Principal, @Query() q: UserListQueryDto): Promise<UserViewDto[]> {
    return this.users.list(user, q);
  }

  @Post()
  @ApiOperation({ summary: '新建账号（审核员：本县的审核员或乡镇账号；管理员：任意）' })
  @ApiOkResponse({ type: UserViewDto })
  create(@CurrentUser() user: Principal, @Body() dto: CreateUserDto): Promise<UserViewDto> {
    return this.users.create(user, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserViewDto })
  get(@CurrentUser() user: Principal, @Param('id', UserId) id: string): Promise<UserViewDto> {
    return this.users.get(user, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: '修改账号信息或重置密码' })
  @ApiOkResponse({ type: UserViewDto })
  update(@CurrentUser() user: Principal, @Param('id', UserId) id: string, @Body() dto: UpdateUserDto): Promise<UserViewDto> {
    return this.users.update(user, id, dto);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: '停用账号（立即注销其所有会话）' })
  @ApiOkResponse({ type: UserViewDto })
  disable(@CurrentUser() user: Principal, @Param('id', UserId) id: string): Promise<UserViewDto> {
    return this.users.setDisabled(user, id, true);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: UserViewDto })
  enable(@CurrentUser() user: Principal, @Param('id', UserId) id: string): Promise<UserViewDto> {
    return this.users.setDisabled(user, id, false);
  }
}
