import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, Response } from 'express';
import type { Queue } from 'bullmq';
import { PrincipalLoader } from '../auth/principal-loader.service';
import { API_QUEUES } from '../jobs/jobs.module';
import { ApiExceptionFilter } from './api-exception.filter';
import { ForbiddenError } from './domain-error';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
const COOKIE = 'fazhi_queues_token';

/**
 * bull-board at /admin/queues, for admins only. API clients send `Authorization: Bearer <admin token>`; a browser
 * opens `/admin/queues?token=<admin token>` once, which sets an HttpOnly cookie scoped to the dashboard path (its
 * own page and XHR requests cannot carry a bearer header).
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
  const adminOnly = async (req: Request, res: Response, next: NextFunction) => {
    const queryToken = typeof req.query.token === 'string' ? req.query.token : undefined;
    const cookieToken = /(?:^|;\s*)fazhi_queues_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const header = req.headers.authorization ?? (queryToken ?? cookieToken ? `Bearer ${queryToken ?? cookieToken}` : undefined);
    try {
      const user = await principals.fromBearer(header);
      if (user.role !== 'admin') throw new ForbiddenError('FORBIDDEN', '仅管理员可以查看任务队列');
      if (queryToken) res.cookie(COOKIE, queryToken, { httpOnly: true, sameSite: 'strict', path: QUEUE_DASHBOARD_PATH });
      next();
    } catch (e) {
      const body = errors.toBody(e);
      res.status(body.error.status).json(body);
    }
  };
  app.use(QUEUE_DASHBOARD_PATH, adminOnly, board.getRouter());
}
