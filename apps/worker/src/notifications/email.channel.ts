import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { Notification } from '@app/persistence';

/** Email through the SMTP server in SMTP_URL; one pooled transport per worker. */
@Injectable()
export class EmailChannel implements OnApplicationShutdown {
  private transport: Transporter | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.mail.smtpUrl !== null;
  }

  async send(n: Notification): Promise<void> {
    if (!this.config.mail.smtpUrl) throw new Error('SMTP_URL is not configured');
    if (!n.recipientAddress) throw new Error(`notification ${n.id} has no email address`);
    this.transport ??= createTransport(this.config.mail.smtpUrl);
    await this.transport.sendMail({ from: this.config.mail.from, to: n.recipientAddress, subject: n.subject, text: n.body });
  }

  onApplicationShutdown() {
    this.transport?.close();
  }
}
