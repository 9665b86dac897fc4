/** The typed configuration every part of the system receives; built only by loadConfig(). */
export interface AppConfig {
  env: 'development' | 'test' | 'production';
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  logFormat: 'auto' | 'pretty' | 'json';
  port: number;
  databaseUrl: string | null;
  redisUrl: string | null;
  dataDir: string;
  fileStorageDir: string;
  uploadMaxBytes: number;
  /** Imports of past reports: the ZIP's size cap, and the folder it is spooled to while it is read. */
  imports: { maxBytes: number; tmpDir: string };
  jwt: { secret: string | null; accessTtl: string; refreshTtl: string };
  corsOrigins: string[];
  loginRateLimit: number;
  demo: { enabled: boolean; password: string | null };
  timeZone: string;
  reminders: { cron: string; daysBefore: number[]; escalationDaysOverdue: number };
  mail: { smtpUrl: string | null; from: string };
  webhook: { url: string | null; secret: string | null };
  /** Signed links to the printable county report: their own key (else derived from the JWT secret), and the public address. */
  reportLinks: { secret: string | null; publicBaseUrl: string | null; pdfFont: string | null };
  queuePrefix: string;
  worker: { concurrency: number; sweeperStaleSeconds: number; sweeperIntervalSeconds: number; reanalysisRatePerSecond: number };
  /** Limits on reading uploaded documents (handed to the analyzer's extractText). */
  extraction: { maxXmlBytes: number; parserHeapMb: number; parseTimeoutMs: number };
  /** OCR of scans and photos: its own queue's concurrency per worker process, and its limits per document. */
  ocr: { concurrency: number; maxPages: number; timeoutMs: number; heapMb: number };
}

/** Services need these two; the launcher fills them in when it boots embedded servers. */
export function requireConnections(config: AppConfig): { databaseUrl: string; redisUrl: string } {
  const missing = [!config.databaseUrl && 'DATABASE_URL', !config.redisUrl && 'REDIS_URL'].filter(Boolean);
  if (missing.length) {
    throw new Error(`${missing.join(' and ')} must be set (or use \`npm start\`, which boots embedded servers)`);
  }
  return { databaseUrl: config.databaseUrl!, redisUrl: config.redisUrl! };
}
