import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { mountWebApp } from './web-app';

@Controller('things')
class ThingsController {
  @Get()
  list() {
    return [{ id: 1 }];
  }
}

describe('the web app served by the api', () => {
  let app: INestApplication;
  const root = mkdtempSync(path.join(tmpdir(), 'fz-webroot-'));

  beforeAll(async () => {
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>法治</title><div id="root"></div>');
    writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(path.join(root, 'assets', 'big.js'), 'console.log("法治");\n'.repeat(500));
    const moduleRef = await Test.createTestingModule({ controllers: [ThingsController] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.setGlobalPrefix('api');
    expect(mountWebApp(app, root)).toBe(true);
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at / and for any client-side route (reload of a deep link)', async () => {
    for (const url of ['/', '/overview', '/townships/3f0c/2023?item=x']) {
      const res = await request(app.getHttpServer()).get(url).expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('<div id="root">');
    }
  });

  it('serves hashed assets as immutable, and a missing asset is a 404, not the page', async () => {
    const res = await request(app.getHttpServer()).get('/assets/index-abc.js').expect(200);
    expect(res.headers['cache-control']).toMatch(/immutable/);
    const big = await request(app.getHttpServer()).get('/assets/big.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(big.headers['content-encoding']).toBe('gzip');
    await request(app.getHttpServer()).get('/assets/gone.js').expect(404);
  });

  it('leaves the api alone: its routes answer, unknown /api paths keep their 404', async () => {
    await request(app.getHttpServer()).get('/api/things').expect(200, [{ id: 1 }]);
    const res = await request(app.getHttpServer()).get('/api/nothing-here').set('Accept-Encoding', 'gzip').expect(404);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.headers['content-encoding']).toBeUndefined();
    for (const url of ['/docs/x', '/health/x', '/admin/queues/x']) {
      const r = await request(app.getHttpServer()).get(url);
      expect(r.text).not.toContain('<div id="root">');
    }
  });

  it('is off when there is no build', () => {
    expect(mountWebApp(app, null)).toBe(false);
  });
});
