import { Inject, Injectable } from '@nestjs/common';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { jwtSecretFor } from '../auth/jwt-secret';

export interface ReportLinkClaims {
  countyId: string;
  year: number;
  expiresAt: Date;
}

export type ReportLinkCheck = { ok: true; claims: ReportLinkClaims } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'expired'; claims: ReportLinkClaims };

const B64URL = /^[A-Za-z0-9_-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Signs and checks the links to a county's printable report: `<payload>.<signature>`, both base64url; the payload is
 * `{"c":countyId,"y":year,"e":expiry in epoch seconds}` and the signature HMAC-SHA256 over the payload text with
 * REPORT_LINK_SECRET, or a key derived from the JWT secret (so a session token can never pass for a link). The link
 * is its own authorisation: whoever holds it reads that one county-year until it expires.
 */
@Injectable()
export class ReportLinkSigner {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = config.reportLinks.secret
      ? Buffer.from(config.reportLinks.secret, 'utf8')
      : createHmac('sha256', jwtSecretFor(config)).update('fazhi:county-report-link:v1').digest();
  }

  sign(claims: ReportLinkClaims): string {
    const payload = Buffer.from(JSON.stringify({ c: claims.countyId, y: claims.year, e: Math.floor(claims.expiresAt.getTime() / 1000) }), 'utf8').toString('base64url');
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  /** Tampered or malformed → invalid; a genuine link past its expiry → expired (checked only after the signature). */
  verify(token: string, now: Date): ReportLinkCheck {
    const parts = token.split('.');
    if (parts.length !== 2 || !parts.every((p) => B64URL.test(p)) || token.length > 512) return { ok: false, reason: 'invalid' };
    const [payload, signature] = parts;
    const given = Buffer.from(signature, 'base64url');
    const expected = this.mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
    let raw: { c?: unknown; y?: unknown; e?: unknown };
    try {
      raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (typeof raw.c !== 'string' || !UUID.test(raw.c) || !Number.isInteger(raw.y) || !Number.isInteger(raw.e)) return { ok: false, reason: 'invalid' };
    const claims = { countyId: raw.c, year: raw.y as number, expiresAt: new Date((raw.e as number) * 1000) };
    if (claims.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired', claims };
    return { ok: true, claims };
  }

  /** What the audit log keeps of a link: enough to match a link to its entry, not enough to open it. */
  fingerprint(token: string): string {
    return createHash('sha256').update(token).digest('hex').slice(0, 16);
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest();
  }
}
