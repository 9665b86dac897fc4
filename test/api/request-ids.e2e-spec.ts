import request from 'supertest';
import { createTestApp, type TestApp } from './app-harness';

/** Every answer carries the request id its log lines carry: the caller's X-Request-Id when sane, else a new one. */
describe('request ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('echoes a caller id and makes one otherwise', async () => {
    expect((await request(t.http).get('/api/me').set('x-request-id', 'trace-42')).headers['x-request-id']).toBe('trace-42');
    const made = (await request(t.http).get('/api/me')).headers['x-request-id'];
    expect(made).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect((await request(t.http).get('/api/me')).headers['x-request-id']).not.toBe(made);
  });
});
