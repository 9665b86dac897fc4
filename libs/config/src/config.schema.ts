import { z } from 'zod';

// Every environment variable the system reads, with its default. This file and load-config.ts are the only places
// that know process.env exists.
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const duration = z.string().regex(/^\d+(ms|s|m|h|d)$/, 'a duration such as 900s, 15m, 12h or 7d');
const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol.replace(':', ''));
    } catch {
      return false;
    }
  }, `a URL with one of: ${protocols.map((p) => p + '://').join(', ')}`);

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** pretty: one readable line per event; json: one JSON object per line; auto: pretty on a terminal, else json. */
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** PostgreSQL; when unset, `npm start` boots an embedded server and sets it. */
  DATABASE_URL: url(['postgres', 'postgresql']).optional(),
  /** Redis; when unset, `npm start` boots a local redis-server and sets it. */
  REDIS_URL: url(['redis', 'rediss']).optional(),
  /** Where the embedded database, uploaded files and generated secrets live. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Content-addressed store for uploads; defaults to DATA_DIR/files. */
  FILE_STORAGE_DIR: z.string().min(1).optional(),
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(50 * 1024 * 1024),
  /**
   * A ZIP of past reports (历史报告导入): it is spooled to disk and read one file at a time, so it may be larger than an
   * upload; each report in it stays within UPLOAD_MAX_BYTES and all of them unpacked within twice this.
   */
  IMPORT_MAX_BYTES: z.coerce.number().int().positive().default(500 * 1024 * 1024),
  /** Where an upload spooled to disk waits while it is read (an import's ZIP); defaults to DATA_DIR/tmp. */
  UPLOAD_TMP_DIR: z.string().min(1).optional(),
  JWT_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  JWT_ACCESS_TTL: duration.default('15m'),
  JWT_REFRESH_TTL: duration.default('7d'),
  CORS_ORIGINS: z.string().default(''),
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  /** Demo mode seeds the demo county, its accounts and the seed reports. */
  DEMO_MODE: bool.default(false),
  DEMO_PASSWORD: z.string().min(8, 'at least 8 characters').optional(),
  TIME_ZONE: z.string().default('Asia/Shanghai'),
  REMINDER_CRON: z.string().default('0 8 * * *'),
  REMINDER_DAYS_BEFORE: z
    .string()
    .default('30,7,1')
    .transform((s, ctx) => {
      const days = s.split(',').map((d) => Number(d.trim()));
      if (days.some((d) => !Number.isInteger(d) || d < 0)) {
        ctx.addIssue({ code: 'custom', message: 'comma-separated whole numbers of days, e.g. 30,7,1' });
        return z.NEVER;
      }
      return days;
    }),
  ESCALATION_DAYS_OVERDUE: z.coerce.number().int().min(0).default(14),
  SMTP_URL: url(['smtp', 'smtps']).optional(),
  MAIL_FROM: z.string().default('Fazhi Checklist <no-reply@fazhi.local>'),
  WEBHOOK_URL: url(['http', 'https']).optional(),
  WEBHOOK_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  /** Signs the county report links (falls back to a key derived from JWT_SECRET). */
  REPORT_LINK_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  /** The address people open the app at, for links handed out (e.g. https://fazhi.example.gov.cn); else the request's host. */
  PUBLIC_BASE_URL: url(['http', 'https']).optional(),
  /** A CJK font (.ttf, .otf, or a Noto CJK .ttc) for the county report PDF; else the Debian fonts-noto-cjk paths are tried. */
  REPORT_PDF_FONT: z.string().min(1).optional(),
  /** BullMQ key prefix: lets several deployments (or test runs) share one Redis. */
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ or -').default('fazhi'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** A submission, recompute or notification with no live job this long after its last change counts as lost. */
  SWEEPER_STALE_SECONDS: z.coerce.number().int().min(1).default(30),
  /** How often the sweeper runs; default half the stale time, between 5 and 60 seconds. */
  SWEEPER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).optional(),
  REANALYSIS_RATE_PER_SECOND: z.coerce.number().int().min(1).default(20),
  /** What the XML of one .docx/.ofd may inflate to, each part and all parts together (zip bombs). */
  DOCUMENT_MAX_XML_BYTES: z.coerce.number().int().min(1024 * 1024).default(20 * 1024 * 1024),
  /** Heap cap of the child process that parses .docx/.doc/.wps documents. */
  DOCUMENT_PARSER_HEAP_MB: z.coerce.number().int().min(64).max(8192).default(512),
  /** Deadline for reading one document (parsing a .docx/.doc/.wps, reading a PDF's text layer). */
  DOCUMENT_PARSE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** OCR jobs (scans, photos) one worker process runs at once, on their own queue. */
  OCR_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** Scans with more pages are refused with a Chinese reason (split the file). */
  OCR_MAX_PAGES: z.coerce.number().int().min(1).max(2000).default(50),
  /** Deadline for the OCR of one document, all pages together. */
  OCR_TIMEOUT_SECONDS: z.coerce.number().int().min(10).max(24 * 3600).default(900),
  /** Heap cap of the OCR child process. */
  OCR_HEAP_MB: z.coerce.number().int().min(256).max(16384).default(2048),
});

export type RawConfig = z.infer<typeof configSchema>;
