import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHmac } from 'node:crypto';
import { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { WebhookDelivery, type Notification } from '@app/persistence';

export const SIGNATURE_HEADER = 'X-Fazhi-Signature';
const TIMEOUT_MS = 10_000;

/** `sha256=<hex HMAC-SHA256 of the raw body>`, what a receiver recomputes with the shared secret. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POSTs a notification as JSON to the county's webhook; every attempt is logged in webhook_deliveries. */
@Injectable()
export class WebhookChannel {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
  ) {}

  get enabled(): boolean {
    return this.config.webhook.url !== null;
  }

  async deliver(n: Notification, attempt: number): Promise<void> {
    const url = n.recipientAddress ?? this.config.webhook.url;
    if (!url) throw new Error('WEBHOOK_URL is not configured');
    const body = JSON.stringify({
      id: n.id,
      kind: n.kind,
      subject: n.subject,
      body: n.body,
      townshipId: n.townshipId,
      countyId: n.countyId,
      payload: n.payload,
      createdAt: n.createdAt,
    });
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'fazhi-checklist-worker' };
    if (this.config.webhook.secret) headers[SIGNATURE_HEADER] = signBody(body, this.config.webhook.secret);
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
      statusCode = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (e) {
      error = (e as Error).message;
    }
    await this.deliveries.insert({ notificationId: n.id, url, attempt, statusCode, error, durationMs: Date.now() - started });
    if (error) throw new Error(`webhook ${url}: ${error}`);
  }
}
