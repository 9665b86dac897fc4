import * as path from 'node:path';
import { configSchema } from './config.schema';
import type { AppConfig } from './app-config';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses and validates the environment once; a bad value names the variable and what it should be. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const c = parsed.data;
  const dataDir = path.resolve(c.DATA_DIR);
  return {
    env: c.NODE_ENV,
    logLevel: c.LOG_LEVEL,
    logFormat: c.LOG_FORMAT,
    port: c.PORT,
    databaseUrl: c.DATABASE_URL ?? null,
    redisUrl: c.REDIS_URL ?? null,
    dataDir,
    fileStorageDir: path.resolve(c.FILE_STORAGE_DIR ?? path.join(dataDir, 'files')),
    uploadMaxBytes: c.UPLOAD_MAX_BYTES,
    imports: { maxBytes: c.IMPORT_MAX_BYTES, tmpDir: path.resolve(c.UPLOAD_TMP_DIR ?? path.join(dataDir, 'tmp')) },
    jwt: { secret: c.JWT_SECRET ?? null, accessTtl: c.JWT_ACCESS_TTL, refreshTtl: c.JWT_REFRESH_TTL },
    corsOrigins: c.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    loginRateLimit: c.LOGIN_RATE_LIMIT,
    demo: { enabled: c.DEMO_MODE, password: c.DEMO_PASSWORD ?? null },
    timeZone: c.TIME_ZONE,
    reminders: { cron: c.REMINDER_CRON, daysBefore: c.REMINDER_DAYS_BEFORE, escalationDaysOverdue: c.ESCALATION_DAYS_OVERDUE },
    mail: { smtpUrl: c.SMTP_URL ?? null, from: c.MAIL_FROM },
    webhook: { url: c.WEBHOOK_URL ?? null, secret: c.WEBHOOK_SECRET ?? null },
    reportLinks: { secret: c.REPORT_LINK_SECRET ?? null, publicBaseUrl: c.PUBLIC_BASE_URL ? c.PUBLIC_BASE_URL.replace(/\/+$/, '') : null, pdfFont: c.REPORT_PDF_FONT ?? null },
    queuePrefix: c.QUEUE_PREFIX,
    worker: {
      concurrency: c.WORKER_CONCURRENCY,
      sweeperStaleSeconds: c.SWEEPER_STALE_SECONDS,
      sweeperIntervalSeconds: c.SWEEPER_INTERVAL_SECONDS ?? Math.max(5, Math.min(60, c.SWEEPER_STALE_SECONDS / 2)),
      reanalysisRatePerSecond: c.REANALYSIS_RATE_PER_SECOND,
    },
    extraction: {
      maxXmlBytes: c.DOCUMENT_MAX_XML_BYTES,
      parserHeapMb: c.DOCUMENT_PARSER_HEAP_MB,
      parseTimeoutMs: c.DOCUMENT_PARSE_TIMEOUT_SECONDS * 1000,
    },
    ocr: {
      concurrency: c.OCR_CONCURRENCY,
      maxPages: c.OCR_MAX_PAGES,
      timeoutMs: c.OCR_TIMEOUT_SECONDS * 1000,
      heapMb: c.OCR_HEAP_MB,
    },
  };
}

/** For service entry points: the config, or a clear message and exit code 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}
