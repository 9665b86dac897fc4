import { randomUUID } from 'node:crypto';
import type { DynamicModule } from '@nestjs/common';
import { LoggerModule, type Params } from 'nestjs-pino';
import type { AppConfig } from './app-config';

/** Nest's level names to pino's. */
const PINO_LEVELS = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' } as const;
/** Nest's start-up chatter (one line per module and route): shown only at LOG_LEVEL=debug or verbose. */
const BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);
const INFO = 30;
/**
 * Nest 11 warns at each start that nestjs-pino's catch-all middleware path ('*', under the global prefix) is old
 * Express syntax, and converts it itself. A path in the new syntax would make Nest register the middleware as
 * routes of every HTTP method instead, so the default path stays and the warning is dropped (shown at debug).
 */
const NOISE_CONTEXTS = new Set(['LegacyRouteConverter']);

// One formatter per zone, built once: constructing an Intl.DateTimeFormat costs far more than formatting each line.
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();
function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

/** `2026-12-04T21:54:43.123+08:00`: the wall-clock time in the configured zone, with its offset. */
export function localTimestamp(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    wallClockFormat(timeZone)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const offsetMin = Math.round((wall - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const ms = String(date.getUTCMilliseconds()).padStart(3, '0');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}.${ms}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Pretty lines only for a person at a terminal (or when asked); JSON lines, without ANSI codes, everywhere else. */
export function prettyLogs(config: AppConfig, stdoutIsTty = process.stdout.isTTY === true): boolean {
  return config.logFormat === 'pretty' || (config.logFormat === 'auto' && stdoutIsTty);
}

/** A request id: the caller's X-Request-Id when it is a sane token, else a new UUID; echoed in the answer. */
export function requestId(given: string | string[] | undefined): string {
  return typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
}

/** The pino (nestjs-pino) settings both apps use; `app` names the process in every line. */
export function loggerParams(config: AppConfig, app: 'api' | 'worker'): Params {
  const pretty = prettyLogs(config);
  const verbose = config.logLevel === 'debug' || config.logLevel === 'verbose';
  return {
    pinoHttp: {
      level: PINO_LEVELS[config.logLevel],
      base: { app },
      timestamp: () => `,"time":"${localTimestamp(new Date(), config.timeZone)}"`,
      genReqId: (req, res) => {
        const id = requestId(req.headers['x-request-id']);
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      // Health probes every few seconds would drown everything else.
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
      serializers: {
        // The path without its query string: no token or personal search term ends up in a log file.
        req: (req: { id: string; method: string; url?: string }) => ({ id: req.id, method: req.method, path: (req.url ?? '').split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      hooks: {
        logMethod(args, method, level) {
          const context = (args[0] as { context?: string } | undefined)?.context;
          if (!verbose && context && ((level <= INFO && BOOT_CONTEXTS.has(context)) || NOISE_CONTEXTS.has(context))) return;
          method.apply(this, args);
        },
      },
      transport: pretty
        ? { target: 'pino-pretty', options: { translateTime: false, singleLine: true, ignore: 'pid,hostname,app,context,req,res,responseTime', messageFormat: '{if context}[{context}] {end}{if req.id}{req.method} {req.path} {res.statusCode} {responseTime}ms [{req.id}] {end}{msg}' } }
        : undefined,
    },
  };
}

/** LoggerModule of nestjs-pino with the settings above; apps call `app.useLogger(app.get(Logger))` after creation. */
export function loggingModule(config: AppConfig, app: 'api' | 'worker'): DynamicModule {
  return LoggerModule.forRoot(loggerParams(config, app));
}
