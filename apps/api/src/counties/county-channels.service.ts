import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CountyChannelSettings, redactRobotUrl } from '@app/persistence';
import { AuditService } from '../audit/audit.service';
import { AccessScope } from '../common/access-scope.service';
import { BadRequestError } from '../common/domain-error';
import type { Principal } from '../common/principal';
import type { CountyChannelsDto, UpdateCountyChannelsDto } from './dto/county-channels.dto';

/**
 * The documented robot endpoints. Only these hosts are accepted: the worker POSTs to whatever is stored here, so a
 * free URL would let a county account make the server call any address (SSRF).
 */
const ROBOTS = {
  wecom: { host: 'qyapi.weixin.qq.com', path: '/cgi-bin/webhook/send', param: 'key', value: /^[0-9A-Za-z-]{8,64}$/, label: '企业微信机器人地址' },
  dingtalk: { host: 'oapi.dingtalk.com', path: '/robot/send', param: 'access_token', value: /^[0-9A-Za-z]{16,128}$/, label: '钉钉机器人地址' },
} as const;
const DINGTALK_SECRET = /^SEC[0-9A-Za-z]{16,128}$/;

export function validRobotUrl(kind: keyof typeof ROBOTS, raw: string): string {
  const r = ROBOTS[kind];
  const example = `https://${r.host}${r.path}?${r.param}=…`;
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new BadRequestError('INVALID_ROBOT_URL', `${r.label}不是有效的网址，应为 ${example}（在群机器人设置中复制“Webhook 地址”）`);
  }
  const params = [...u.searchParams.keys()];
  if (u.protocol !== 'https:' || u.host !== r.host || u.pathname !== r.path || u.username || u.password || u.hash) {
    throw new BadRequestError('INVALID_ROBOT_URL', `${r.label}须为 ${example} 形式（在群机器人设置中复制“Webhook 地址”）`);
  }
  if (params.length !== 1 || params[0] !== r.param || !r.value.test(u.searchParams.get(r.param) ?? '')) {
    throw new BadRequestError('INVALID_ROBOT_URL', `${r.label}缺少或含有无效的“${r.param}”参数，请从群机器人设置中完整复制“Webhook 地址”`);
  }
  return u.toString();
}

export function channelsView(countyId: string, s: CountyChannelSettings | null): CountyChannelsDto {
  return {
    countyId,
    wecom: { configured: !!s?.wecomWebhookUrl, url: s?.wecomWebhookUrl ? redactRobotUrl(s.wecomWebhookUrl) : null },
    dingtalk: { configured: !!s?.dingtalkWebhookUrl, url: s?.dingtalkWebhookUrl ? redactRobotUrl(s.dingtalkWebhookUrl) : null, signed: !!s?.dingtalkSecret },
    updatedAt: s?.updatedAt ?? null,
  };
}

/** A county's 企业微信 / 钉钉 group robots: read and changed by admins and the county's auditors, every change audited. */
@Injectable()
export class CountyChannelsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: AccessScope,
    private readonly audit: AuditService,
  ) {}

  async get(user: Principal, countyId: string): Promise<CountyChannelsDto> {
    await this.scope.county(user, countyId);
    return channelsView(countyId, await this.dataSource.getRepository(CountyChannelSettings).findOneBy({ countyId }));
  }

  async update(user: Principal, countyId: string, dto: UpdateCountyChannelsDto): Promise<CountyChannelsDto> {
    await this.scope.county(user, countyId);
    const blank = (v: string | null | undefined) => v === null || (typeof v === 'string' && !v.trim());
    const wecom = dto.wecomWebhookUrl === undefined ? undefined : blank(dto.wecomWebhookUrl) ? null : validRobotUrl('wecom', dto.wecomWebhookUrl!);
    const dingtalk = dto.dingtalkWebhookUrl === undefined ? undefined : blank(dto.dingtalkWebhookUrl) ? null : validRobotUrl('dingtalk', dto.dingtalkWebhookUrl!);
    let secret = dto.dingtalkSecret === undefined ? undefined : blank(dto.dingtalkSecret) ? null : dto.dingtalkSecret!.trim();
    if (secret && !DINGTALK_SECRET.test(secret)) {
      throw new BadRequestError('INVALID_ROBOT_SECRET', '钉钉加签密钥须为 SEC 开头的字母数字串，请在机器人安全设置“加签”处完整复制');
    }
    if (dingtalk === null) secret = null;

    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(CountyChannelSettings);
      // Locked, so two changes at once apply one after the other and each audit entry's "before" is true.
      const before = await repo.createQueryBuilder('s').setLock('pessimistic_write').where('s.county_id = :countyId', { countyId }).getOne();
      const next = {
        countyId,
        wecomWebhookUrl: wecom === undefined ? (before?.wecomWebhookUrl ?? null) : wecom,
        dingtalkWebhookUrl: dingtalk === undefined ? (before?.dingtalkWebhookUrl ?? null) : dingtalk,
        dingtalkSecret: secret === undefined ? (before?.dingtalkSecret ?? null) : secret,
        updatedByUserId: user.id,
      };
      if (next.dingtalkSecret && !next.dingtalkWebhookUrl) {
        throw new BadRequestError('INVALID_ROBOT_SECRET', '请先填写钉钉机器人地址，再设置加签密钥');
      }
      await repo.upsert(next, ['countyId']);
      const after = await repo.findOneByOrFail({ countyId });
      const beforeView = channelsView(countyId, before);
      const afterView = channelsView(countyId, after);
      // The audit log shows what changed without the keys: redacted URLs and whether a secret is set.
      await this.audit.record(m, user, { action: 'county.channels.update', entityType: 'county', entityId: countyId, countyId, before: beforeView, after: afterView });
      return afterView;
    });
  }
}
