import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { createHmac } from 'node:crypto';
import { Repository } from 'typeorm';
import { CountyChannelSettings, WebhookDelivery, redactRobotUrl, type Notification } from '@app/persistence';

const TIMEOUT_MS = 10_000;

export type RobotKind = 'wecom' | 'dingtalk';

/** The robots' "too many messages" answers: WeCom 45009 (api freq out of limit), DingTalk 130101 (send too fast). */
const RATE_LIMIT_ERRCODES = new Set([45009, 130101]);

export class RobotRateLimitedError extends Error {}

/**
 * DingTalk's signature for a robot with 加签 security: base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)), sent
 * URL-encoded as the `sign` query parameter next to `timestamp` (milliseconds).
 */
export function dingtalkSign(timestamp: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

export function dingtalkSignedUrl(url: string, secret: string | null, timestamp: number): string {
  if (!secret) return url;
  const u = new URL(url);
  u.searchParams.set('timestamp', String(timestamp));
  u.searchParams.set('sign', dingtalkSign(timestamp, secret));
  return u.toString();
}

/** WeCom takes at most 4096 bytes of markdown content; DingTalk's limit is larger, the same cap keeps both safe. */
export const ROBOT_MARKDOWN_MAX_BYTES = 4000;
const CUT_NOTE = '……（内容较长，请登录系统查看全文）';

/** The reminder as robot markdown: the subject as a heading, the text, and the due date when there is one. */
export function robotMarkdown(n: Pick<Notification, 'subject' | 'body' | 'payload'>): string {
  const due = typeof n.payload?.dueDateZh === 'string' ? `\n\n> 截止日期：${n.payload.dueDateZh}` : '';
  const head = `### ${n.subject}\n\n`;
  const tail = `${due}\n\n> 来自法治政府建设检查系统`;
  const room = ROBOT_MARKDOWN_MAX_BYTES - Buffer.byteLength(head + tail);
  let body = n.body;
  if (Buffer.byteLength(body) > room) {
    // Cut on a character boundary (never inside a UTF-8 sequence), leaving room for the note.
    const chars = [...body];
    let bytes = Buffer.byteLength(CUT_NOTE);
    let i = 0;
    while (i < chars.length && bytes + Buffer.byteLength(chars[i]) <= room) bytes += Buffer.byteLength(chars[i++]);
    body = chars.slice(0, i).join('') + CUT_NOTE;
  }
  return `${head}${body}${tail}`;
}

/** The documented body of each robot: WeCom `markdown.content`; DingTalk `markdown.title` + `markdown.text`. */
export function robotBody(kind: RobotKind, n: Pick<Notification, 'subject' | 'body' | 'payload'>): string {
  const text = robotMarkdown(n);
  return JSON.stringify(
    kind === 'wecom' ? { msgtype: 'markdown', markdown: { content: text } } : { msgtype: 'markdown', markdown: { title: n.subject, text } },
  );
}

/**
 * Posts a notification to the county's 企业微信 or 钉钉 group robot. The URL (and DingTalk secret) is read from the
 * county's settings at send time, so the notification row never holds them. Both robots answer HTTP 200 with
 * `{"errcode":0}` on success and a non-zero errcode otherwise; anything else is a failed attempt, retried with the
 * queue's backoff. Every attempt is a webhook_deliveries row, with the URL redacted.
 */
@Injectable()
export class RobotChannel {
  constructor(
    @InjectRepository(CountyChannelSettings) private readonly settings: Repository<CountyChannelSettings>,
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
  ) {}

  async deliver(n: Notification, attempt: number, now: () => number = Date.now): Promise<void> {
    const kind = n.channel as RobotKind;
    const s = n.countyId ? await this.settings.findOneBy({ countyId: n.countyId }) : null;
    const base = kind === 'wecom' ? s?.wecomWebhookUrl : s?.dingtalkWebhookUrl;
    // Removed since the reminder was recorded: nothing to retry.
    if (!base) throw new UnrecoverableError(`${kind} robot is no longer configured for county ${n.countyId}`);
    const url = kind === 'dingtalk' ? dingtalkSignedUrl(base, s!.dingtalkSecret, now()) : base;
    const body = robotBody(kind, n);
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    let rateLimited = false;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'fazhi-checklist-worker' },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      statusCode = res.status;
      const text = await res.text().catch(() => '');
      if (!res.ok) error = `HTTP ${res.status}`;
      else {
        const answer = parseAnswer(text);
        rateLimited = !!answer && RATE_LIMIT_ERRCODES.has(answer.errcode);
        if (!answer || answer.errcode !== 0) error = answer ? `errcode ${answer.errcode}: ${answer.errmsg ?? ''}` : `unexpected answer: ${text.slice(0, 200)}`;
      }
    } catch (e) {
      error = (e as Error).message;
    }
    const shown = redactRobotUrl(base);
    await this.deliveries.insert({ notificationId: n.id, url: shown, attempt, statusCode, error, durationMs: Date.now() - started });
    if (rateLimited) throw new RobotRateLimitedError(`${kind} robot ${shown}: ${error}`);
    if (error) throw new Error(`${kind} robot ${shown}: ${error}`);
  }
}

function parseAnswer(text: string): { errcode: number; errmsg?: string } | null {
  try {
    const v = JSON.parse(text) as { errcode?: unknown; errmsg?: unknown };
    return typeof v.errcode === 'number' ? { errcode: v.errcode, errmsg: typeof v.errmsg === 'string' ? v.errmsg : undefined } : null;
  } catch {
    return null;
  }
}
