import { loadConfig, ConfigError } from './load-config';

describe('loadConfig', () => {
  it('gives working defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeNull();
    expect(c.uploadMaxBytes).toBe(50 * 1024 * 1024);
    expect(c.reminders.daysBefore).toEqual([30, 7, 1]);
    expect(c.timeZone).toBe('Asia/Shanghai');
    expect(c.fileStorageDir.endsWith('/data/files')).toBe(true);
  });

  it('names every bad variable and says what it should be', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', JWT_ACCESS_TTL: 'soon', REMINDER_DAYS_BEFORE: '30,x' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/PORT/);
    expect(msg).toMatch(/DATABASE_URL: a URL with one of: postgres:\/\//);
    expect(msg).toMatch(/JWT_ACCESS_TTL: a duration/);
    expect(msg).toMatch(/REMINDER_DAYS_BEFORE/);
  });

  it('reads the import limits: a 500 MB ZIP spooled under DATA_DIR/tmp by default', () => {
    expect(loadConfig({ DATA_DIR: '/srv/fazhi' }).imports).toEqual({ maxBytes: 500 * 1024 * 1024, tmpDir: '/srv/fazhi/tmp' });
    expect(loadConfig({ IMPORT_MAX_BYTES: '1073741824', UPLOAD_TMP_DIR: '/var/spool/fazhi' }).imports).toEqual({ maxBytes: 1024 * 1024 * 1024, tmpDir: '/var/spool/fazhi' });
  });

  it('reads the document limits: 20 MB of XML, a 512 MB parser heap and 60 s by default', () => {
    expect(loadConfig({}).extraction).toEqual({ maxXmlBytes: 20 * 1024 * 1024, parserHeapMb: 512, parseTimeoutMs: 60_000 });
    const c = loadConfig({ DOCUMENT_MAX_XML_BYTES: '5242880', DOCUMENT_PARSER_HEAP_MB: '256', DOCUMENT_PARSE_TIMEOUT_SECONDS: '10' });
    expect(c.extraction).toEqual({ maxXmlBytes: 5 * 1024 * 1024, parserHeapMb: 256, parseTimeoutMs: 10_000 });
    expect(() => loadConfig({ DOCUMENT_PARSER_HEAP_MB: '8' })).toThrow(/DOCUMENT_PARSER_HEAP_MB/);
  });

  it('reads the OCR settings: one job per worker, 50 pages and 15 minutes per document by default', () => {
    expect(loadConfig({}).ocr).toEqual({ concurrency: 1, maxPages: 50, timeoutMs: 900_000, heapMb: 2048 });
    const c = loadConfig({ OCR_CONCURRENCY: '2', OCR_MAX_PAGES: '300', OCR_TIMEOUT_SECONDS: '60', OCR_HEAP_MB: '1024' });
    expect(c.ocr).toEqual({ concurrency: 2, maxPages: 300, timeoutMs: 60_000, heapMb: 1024 });
    expect(() => loadConfig({ OCR_CONCURRENCY: '0' })).toThrow(/OCR_CONCURRENCY/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeNull();
  });

  it('parses booleans and lists', () => {
    const c = loadConfig({ DEMO_MODE: 'true', CORS_ORIGINS: 'http://a.test, http://b.test' });
    expect(c.demo.enabled).toBe(true);
    expect(c.corsOrigins).toEqual(['http://a.test', 'http://b.test']);
  });
});
