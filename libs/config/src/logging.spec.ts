import { loadConfig } from './load-config';
import { localTimestamp, loggerParams, prettyLogs, requestId } from './logging';

describe('logging', () => {
  it('stamps local wall-clock time with the zone offset', () => {
    const at = new Date('2026-12-04T13:58:50.182Z');
    expect(localTimestamp(at, 'Asia/Shanghai')).toBe('2026-12-04T21:58:50.182+08:00');
    expect(localTimestamp(at, 'UTC')).toBe('2026-12-04T13:58:50.182+00:00');
    expect(localTimestamp(new Date('2026-07-01T00:00:00.005Z'), 'America/New_York')).toBe('2026-06-30T20:00:00.005-04:00');
    expect(localTimestamp(new Date('2026-01-01T00:00:00Z'), 'Asia/Kolkata')).toBe('2026-01-01T05:30:00.000+05:30');
  });

  it('is pretty only on a terminal unless told, never in a pipe or file by default', () => {
    expect(prettyLogs(loadConfig({}), true)).toBe(true);
    expect(prettyLogs(loadConfig({}), false)).toBe(false);
    expect(prettyLogs(loadConfig({ LOG_FORMAT: 'json' }), true)).toBe(false);
    expect(prettyLogs(loadConfig({ LOG_FORMAT: 'pretty' }), false)).toBe(true);
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });

  it('keeps a sane caller request id and makes one otherwise', () => {
    expect(requestId('abc-123')).toBe('abc-123');
    expect(requestId('bad id\nwith newline')).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestId(undefined)).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestId(['a', 'b'])).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('maps the configured level and names the process in every line', () => {
    const params = loggerParams(loadConfig({ LOG_LEVEL: 'warn', LOG_FORMAT: 'json' }), 'worker');
    expect(params.pinoHttp).toMatchObject({ level: 'warn', base: { app: 'worker' }, transport: undefined });
  });
});
