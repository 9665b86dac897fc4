/**
 * An error the api can explain: a stable code, an HTTP status and a message for people. Services throw these; the one
 * exception filter turns them into the one error body. Controllers never build error responses themselves.
 */
import { catalogued } from './error-catalogue';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  /**
   * Also used for resources outside the caller's scope, so a 404 never reveals that they exist: a catalogued code
   * always carries the catalogue's sentence, whatever path raised it ("no such id" and "not yours" read the same).
   */
  constructor(code: string, message = '资源不存在') {
    super(code, 404, catalogued(code)?.message ?? message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(code = 'FORBIDDEN', message = '当前账号无权执行此操作') {
    super(code, 403, message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(code = 'UNAUTHENTICATED', message = '请先登录') {
    super(code, 401, message);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super(code, 409, message, details);
  }
}

export class BadRequestError extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super(code, 400, message, details);
  }
}
