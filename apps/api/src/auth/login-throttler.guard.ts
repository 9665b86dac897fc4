import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { DomainError } from '../common/domain-error';

/**
 * Login attempts are counted per client address and username, so one user's typos never lock out another. A refused
 * attempt is a 429 with the standard `Retry-After` header (whole seconds, RFC 9110) and a Chinese sentence saying
 * how long to wait; the throttler's own named header (`Retry-After-login`) is not sent.
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    // A signed-in caller proving its current password (POST /api/me/password) is counted per account.
    if (req.user?.id) return `${req.ip}|user:${req.user.id}`;
    const username = typeof req.body?.username === 'string' ? req.body.username.trim().toLowerCase() : '';
    return `${req.ip}|${username}`;
  }

  protected override setResponseHeader(res: any, name: string, value: string | number): void {
    if (/^Retry-After-/i.test(name)) return;
    super.setResponseHeader(res, name, value);
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    context.switchToHttp().getResponse().setHeader('Retry-After', String(seconds));
    throw new DomainError('RATE_LIMITED', 429, `登录尝试次数过多，请 ${seconds} 秒后再试`, { retryAfterSeconds: seconds });
  }
}
