import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '@app/config';

let demoSecret: string | null = null;

/**
 * The signing secret. Outside demo mode it must be configured: a missing one fails the boot naming JWT_SECRET.
 * In demo mode the launcher passes one; without it a per-process secret is made (tokens end with the process).
 */
export function jwtSecretFor(config: AppConfig): string {
  if (config.jwt.secret) return config.jwt.secret;
  if (!config.demo.enabled) {
    throw new Error('JWT_SECRET must be set (at least 32 characters) unless DEMO_MODE=true; e.g. JWT_SECRET=$(openssl rand -base64 48)');
  }
  if (!demoSecret) {
    demoSecret = randomBytes(48).toString('base64url');
    Logger.warn('JWT_SECRET is not set: using a random secret for this demo process', 'Auth');
  }
  return demoSecret;
}

/** '15m' → 900 (config validates the shape). */
export function durationSeconds(duration: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(duration);
  if (!m) throw new Error(`not a duration: ${duration}`);
  const n = Number(m[1]);
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Math.max(1, Math.round(n * factor));
}
