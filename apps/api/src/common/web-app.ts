import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import * as express from 'express';
import compression from 'compression';

/** Paths the api owns; everything else is the web app (client-side routes fall back to its index.html). */
const API_PATHS = /^\/(api|docs|health|admin)(\/|$)/;

/** Where `npm run build` puts the web app: dist/web beside the compiled api, or under the repo root when run from source. */
export function findWebRoot(): string | null {
  // dist/apps/api/src/common → dist/web (compiled); apps/api/src/common → dist/web (from source, as tests run it).
  const candidates = [path.resolve(__dirname, '../../../../web'), path.resolve(__dirname, '../../../../dist/web')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? null;
}

/**
 * Serves the built web app at `/`: its hashed assets (cached for a year) and index.html for every other GET that is
 * not the api's, so a person can open or reload any page of the app. Unknown /api paths keep the api's JSON 404.
 */
export function mountWebApp(app: INestApplication, root: string | null = findWebRoot()): boolean {
  if (!root) return false;
  const index = path.join(root, 'index.html');
  // Gzip for the app's own files only (about a third of the bytes on the first load); the api's responses are untouched.
  const gzip = compression();
  app.use((req: Request, res: Response, next: NextFunction) => (API_PATHS.test(req.path) ? next() : gzip(req, res, next)));
  app.use('/assets', express.static(path.join(root, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  app.use(express.static(root, { index: false }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
