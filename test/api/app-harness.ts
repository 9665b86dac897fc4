import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '@app/config';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  ds: DataSource;
  /** The http.Server supertest talks to. */
  http: any;
  filesDir: string;
  close(): Promise<void>;
}

/** The api exactly as main.ts builds it (same modules, same configureApp), on this run's database and Redis prefix. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const filesDir = mkdtempSync(path.join(tmpdir(), 'fazhi-api-files-'));
  const spoolDir = mkdtempSync(path.join(tmpdir(), 'fazhi-api-spool-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    DATABASE_URL: process.env.TEST_DATABASE_URL,
    REDIS_URL: process.env.TEST_REDIS_URL,
    QUEUE_PREFIX: process.env.TEST_QUEUE_PREFIX,
    JWT_SECRET: 'x'.repeat(32),
    FILE_STORAGE_DIR: filesDir,
    UPLOAD_TMP_DIR: spoolDir,
    LOGIN_RATE_LIMIT: '1000',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  configureApp(app, config);
  await app.init();
  return {
    app,
    config,
    ds: app.get(DataSource),
    http: app.getHttpServer(),
    filesDir,
    async close() {
      await app.close();
      rmSync(filesDir, { recursive: true, force: true });
      rmSync(spoolDir, { recursive: true, force: true });
    },
  };
}

/** Every Nest route the running app exposes, as "METHOD /path" (read from the express router, not from a list). */
export function exposedRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance();
  const stack: any[] = (express.router ?? express._router).stack;
  const routes = new Set<string>();
  for (const layer of stack) {
    if (!layer.route) continue;
    // Nest mounts middleware for every method (the request logger, nestjs-pino) with express' all(): a route for each
    // of Node's HTTP methods, ACL and BIND included, which no controller ever declares. That is middleware, not a route.
    if (layer.route.methods.acl && layer.route.methods.bind) continue;
    for (const [method, on] of Object.entries(layer.route.methods as Record<string, boolean>)) {
      if (on && method !== '_all') routes.add(`${method.toUpperCase()} ${layer.route.path}`);
    }
  }
  return [...routes].sort();
}
