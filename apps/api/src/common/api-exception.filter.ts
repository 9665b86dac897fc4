import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AnalyzerError, describeAnalyzerError } from '@app/report-analyzer';
import { DomainError } from './domain-error';

export interface ErrorBody {
  error: { code: string; message: string; status: number; details?: unknown };
}

/** Analyzer codes met at upload time: the file's type (415), its content (400) or its size (413). */
const ANALYZER_STATUS: Record<string, number> = {
  UNSUPPORTED_FORMAT: 415,
  UNDECODABLE_TEXT: 415,
  SCANNED_PDF: 415,
  EMPTY_FILE: 400,
  NO_CONTENT: 400,
  CORRUPT_DOCX: 400,
  CORRUPT_DOC: 400,
  CORRUPT_OFD: 400,
  CORRUPT_PDF: 400,
  PASSWORD_PROTECTED: 400,
  TOO_LARGE: 413,
};

/** Codes for the errors Nest and its middleware raise before a service runs. */
const HTTP_CODES: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', '请求格式不正确'],
  401: ['UNAUTHENTICATED', '请先登录'],
  403: ['FORBIDDEN', '当前账号无权执行此操作'],
  404: ['ROUTE_NOT_FOUND', '接口不存在'],
  405: ['METHOD_NOT_ALLOWED', '不支持的请求方法'],
  413: ['FILE_TOO_LARGE', '文件超过大小上限'],
  415: ['UNSUPPORTED_MEDIA_TYPE', '不支持的文件类型'],
  429: ['RATE_LIMITED', '请求过于频繁，请稍后再试'],
};

/** The one place every failure becomes `{ error: { code, message, status, details? } }`. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (res.headersSent) return;
    res.status(body.error.status).json(body);
  }

  toBody(e: unknown): ErrorBody {
    if (e instanceof DomainError) return wrap(e.code, e.message, e.status, e.details);
    // The clerk reads what the file was taken to be and what to send instead (Chinese), not the developer message.
    if (e instanceof AnalyzerError) return wrap(e.code, describeAnalyzerError(e), ANALYZER_STATUS[e.code] ?? 400);
    if (e instanceof HttpException) return this.fromHttpException(e);
    this.logger.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return wrap('INTERNAL_ERROR', '服务器内部错误', HttpStatus.INTERNAL_SERVER_ERROR);
  }

  private fromHttpException(e: HttpException): ErrorBody {
    const status = e.getStatus();
    const response = e.getResponse() as string | { message?: string | string[]; code?: string };
    const [code, fallback] = HTTP_CODES[status] ?? [`HTTP_${status}`, e.message];
    if (status === 400 && typeof response === 'object' && Array.isArray(response.message)) {
      // ValidationPipe: one message per failed constraint.
      return wrap('VALIDATION_FAILED', '请求参数不合法', status, response.message);
    }
    const message = typeof response === 'object' && typeof response.message === 'string' ? response.message : fallback;
    return wrap(status === 429 ? code : (typeof response === 'object' && response.code) || code, status >= 500 ? fallback : message, status);
  }
}

function wrap(code: string, message: string, status: number, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message, status } : { code, message, status, details } };
}
