import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AnalyzerError, describeAnalyzerError } from '@app/report-analyzer';
import { DomainError } from './domain-error';
import { CODE_FOR_STATUS, ERROR_CATALOGUE, catalogued, megabytes, type CatalogueCode } from './error-catalogue';

export interface ErrorBody {
  error: { code: string; message: string; status: number; details?: unknown };
}

export interface ExceptionFilterOptions {
  /** UPLOAD_MAX_BYTES, named in the 413 an upload gets. */
  uploadMaxBytes?: number;
  /** The JSON body limit, named in the 413 a JSON body gets. */
  jsonBodyLimitBytes?: number;
}

/** body-parser (and raw-body) errors carry a `type`; each becomes a catalogued code. */
const BODY_PARSER_TYPES: Record<string, CatalogueCode> = {
  'entity.parse.failed': 'INVALID_JSON',
  'entity.too.large': 'BODY_TOO_LARGE',
  'entity.verify.failed': 'BAD_REQUEST',
  'charset.unsupported': 'UNSUPPORTED_CHARSET',
  'encoding.unsupported': 'UNSUPPORTED_CONTENT_ENCODING',
  'request.aborted': 'REQUEST_ABORTED',
  'request.size.invalid': 'BAD_REQUEST',
  'stream.encoding.set': 'BAD_REQUEST',
  'stream.not.readable': 'BAD_REQUEST',
  'parameters.too.many': 'TOO_MANY_PARTS',
};

/** Multer and busboy say what went wrong in English; their message prefixes pick the catalogued code. */
const MULTIPART_MESSAGES: [RegExp, CatalogueCode][] = [
  [/^File too large/, 'FILE_TOO_LARGE'],
  [/^(Unexpected (file )?field|Too many files)/, 'UNEXPECTED_FILE_FIELD'],
  [/^(Too many parts|Too many fields|Field name nesting|Field name array index)/, 'TOO_MANY_PARTS'],
  [/^(Field value too long|Field name too long)/, 'FIELD_TOO_LONG'],
  [/^(Multipart|Malformed part header|Unexpected end of (form|file)|Field name missing|Invalid field name)/, 'INVALID_MULTIPART'],
];

/**
 * The one place every failure becomes `{ error: { code, message, status, details? } }`. Services throw DomainErrors
 * with their own Chinese sentence; everything raised by Nest, express, body-parser, multer or the analyzer gets its
 * code and sentence from the error catalogue, so no framework English reaches a person.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  constructor(private readonly options: ExceptionFilterOptions = {}) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const body = this.toBody(exception, req);
    if (res.headersSent) return;
    res.status(body.error.status).json(body);
  }

  toBody(e: unknown, req?: Pick<Request, 'method' | 'originalUrl'>): ErrorBody {
    if (e instanceof DomainError) return wrap(e.code, e.message, e.status, e.details);
    // The clerk reads what the file was taken to be and what to send instead (Chinese), not the developer message.
    if (e instanceof AnalyzerError) return wrap(e.code, describeAnalyzerError(e), catalogued(e.code)?.status ?? 400);
    if (e instanceof HttpException) return this.fromHttpException(e, req);
    const parserType = bodyParserType(e);
    if (parserType) return this.fromBodyParser(e as Record<string, unknown>, parserType);
    this.logger.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return this.entry('INTERNAL_ERROR');
  }

  private fromHttpException(e: HttpException, req?: Pick<Request, 'method' | 'originalUrl'>): ErrorBody {
    const status = e.getStatus();
    const response = e.getResponse() as string | { message?: unknown; code?: unknown };
    const raw = typeof response === 'string' ? response : typeof response.message === 'string' ? response.message : '';
    for (const [pattern, code] of MULTIPART_MESSAGES) if (pattern.test(raw)) return this.entry(code);
    if (status === 404 && req && /^Cannot [A-Z]+ /.test(raw)) {
      return wrap('ROUTE_NOT_FOUND', ERROR_CATALOGUE.ROUTE_NOT_FOUND.message, 404, { method: req.method, path: req.originalUrl.split('?')[0] });
    }
    if (status === 413) return this.entry('BODY_TOO_LARGE');
    // Nest re-raises body-parser's SyntaxError (invalid JSON) and express's URIError (bad %-escape) as a bare 400.
    if (status === 400 && /JSON|position \d+|Unexpected (token|end)|Expected /.test(raw)) return this.entry('INVALID_JSON');
    if (status === 400 && /decode param/.test(raw)) return this.entry('INVALID_URL');
    const code = CODE_FOR_STATUS[status];
    if (code) return this.entry(code);
    if (status >= 500) return this.entry('INTERNAL_ERROR', status);
    return wrap(`HTTP_${status}`, ERROR_CATALOGUE.BAD_REQUEST.message, status);
  }

  private fromBodyParser(e: Record<string, unknown>, type: string): ErrorBody {
    const code = BODY_PARSER_TYPES[type];
    if (code) return this.entry(code);
    // raw-body hands zlib's errors (a body that claims gzip but is not) through with status 400 and no known type.
    const status = typeof e.status === 'number' ? e.status : 400;
    if (typeof e.code === 'string' && e.code.startsWith('Z_')) return this.entry('INVALID_CONTENT_ENCODING');
    return status >= 500 ? this.entry('INTERNAL_ERROR') : this.entry(CODE_FOR_STATUS[status] ?? 'BAD_REQUEST');
  }

  /** A catalogued error; the 413s name the limit in MB. */
  private entry(code: CatalogueCode | string, statusOverride?: number): ErrorBody {
    const known = catalogued(code) ?? ERROR_CATALOGUE.BAD_REQUEST;
    let message = known.message;
    if (code === 'FILE_TOO_LARGE' && this.options.uploadMaxBytes) {
      message = `文件超过大小上限（最大 ${megabytes(this.options.uploadMaxBytes)}），请压缩图片或拆分文件后上传`;
    }
    if (code === 'BODY_TOO_LARGE' && this.options.jsonBodyLimitBytes) {
      message = `请求正文过大（最大 ${megabytes(this.options.jsonBodyLimitBytes)}）`;
    }
    return wrap(code, message, statusOverride ?? known.status);
  }
}

/** body-parser's and raw-body's errors are http-errors with `expose` and a `type`, or zlib errors with a `Z_` code. */
function bodyParserType(e: unknown): string | null {
  if (!e || typeof e !== 'object') return null;
  const o = e as Record<string, unknown>;
  if (typeof o.type === 'string' && (typeof o.status === 'number' || typeof o.statusCode === 'number')) return o.type;
  if (typeof o.code === 'string' && /^Z_/.test(o.code) && typeof o.errno === 'number') return 'zlib';
  return null;
}

function wrap(code: string, message: string, status: number, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message, status } : { code, message, status, details } };
}
