import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { Queue } from 'bullmq';
import { PrincipalLoader } from '../auth/principal-loader.service';
import { API_QUEUES } from '../jobs/jobs.module';
import { ApiExceptionFilter } from './api-exception.filter';
import { ForbiddenError } from './domain-error';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
export const QUEUE_DASHBOARD_COOKIE = 'fazhi_queues_session';

/** The dashboard's session cookie, if the request carries one. */
export function dashboardCookie(req: Pick<Request, 'headers'>): string | undefined {
  const match = new RegExp(`(?:^|;\\s*)${QUEUE_DASHBOARD_COOKIE}=([^;]+)`).exec(req.headers.cookie ?? '');
  return match ? decodeURIComponent(match[1]) : undefined;
}

/**
 * bull-board at /admin/queues, for admins only. API clients send `Authorization: Bearer <admin token>`; a browser
 * first calls `POST /api/admin/queues/session` with its bearer token, which sets an HttpOnly, SameSite=Strict cookie
 * scoped to this path (the dashboard's own page and XHR requests cannot carry a bearer header). A token is never
 * taken from the URL, where it would end up in logs and browser history. The dashboard gets the api's helmet
 * headers and may not be framed by anyone.
 */
export function mountQueueDashboard(app: INestApplication): void {
  const board = new ExpressAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: API_QUEUES.map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false }))),
    // @bull-board/express pins its own patch release of @bull-board/api for types only; the objects are the same shape.
    serverAdapter: board as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
  });
  const principals = app.get(PrincipalLoader, { strict: false });
  const errors = new ApiExceptionFilter();
  const headers = helmet({
    contentSecurityPolicy: { directives: { frameAncestors: ["'none'"] } },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  const adminOnly = async (req: Request, res: Response, next: NextFunction) => {
    const cookie = dashboardCookie(req);
    const header = req.headers.authorization ?? (cookie ? `Bearer ${cookie}` : undefined);
    try {
      const user = await principals.fromBearer(header);
      if (user.role !== 'admin') throw new ForbiddenError('FORBIDDEN', '仅管理员可以查看任务队列');
      res.setHeader('Cache-Control', 'no-store');
      next();
    } catch (e) {
      const body = errors.toBody(e);
      res.status(body.error.status).json(body);
    }
  };
  app.use(QUEUE_DASHBOARD_PATH, headers, adminOnly, board.getRouter());
}
