import * as http from 'node:http';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { createTestApp, type TestApp } from './app-harness';
import { YEAR, buildWorld, type World } from './world';

jest.setTimeout(60_000);

const MAX = 2 * 1024 * 1024;

/** Sends raw bytes with the given headers (supertest would re-encode a body). */
function raw(server: http.Server, method: string, path: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: any }> {
  const { port } = server.address() as { port: number };
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode!, body: JSON.parse(text) });
        } catch {
          resolve({ status: res.statusCode!, body: text });
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('errors people read, and malformed input', () => {
  let t: TestApp;
  let w: World;
  let server: http.Server;
  const as = (token: string | null) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp({ UPLOAD_MAX_BYTES: String(MAX), LOGIN_RATE_LIMIT: '3' });
    w = await buildWorld(t);
    server = t.http.listen(0);
  });
  afterAll(async () => {
    server?.close();
    await t?.close();
  });

  it('answers an unknown route with a Chinese 404, not "Cannot GET"', async () => {
    const res = await request(t.http).get('/api/no-such-thing').set(as(w.tokens.admin)).expect(404);
    expect(res.body.error).toEqual({ code: 'ROUTE_NOT_FOUND', status: 404, message: expect.stringContaining('接口不存在'), details: { method: 'GET', path: '/api/no-such-thing' } });
    expect(JSON.stringify(res.body)).not.toContain('Cannot');
    await request(t.http).delete('/api/me').set(as(w.tokens.admin)).expect(404);
  });

  it('names every invalid field in Chinese', async () => {
    const res = await request(t.http).post('/api/auth/login').send({ username: 5, password: 'x', extra: true }).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toContain('用户名须为文本');
    expect(res.body.error.message).toContain('extra');
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([
        { field: 'username', constraint: 'isString', message: '用户名须为文本' },
        { field: 'extra', constraint: 'whitelistValidation', message: '字段“extra”不是可接受的字段，请删除' },
      ]),
    );
    const user = await request(t.http).post('/api/users').set(as(w.tokens.admin)).send({ username: 'Bad Name', password: 'x', role: 'boss' }).expect(400);
    const messages = user.body.error.details.map((d: any) => d.message);
    expect(messages).toEqual(expect.arrayContaining(['用户名的格式不正确', '角色的取值不在允许范围内']));
    expect(user.body.error.details.find((d: any) => d.field === 'role').allowed).toEqual(['admin', 'auditor', 'township']);
  });

  it('answers 401, 403 and 429 in Chinese, the 429 with a standard Retry-After', async () => {
    expect((await request(t.http).get('/api/me').expect(401)).body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' });
    expect((await request(t.http).get('/api/me').set(as('nonsense')).expect(401)).body.error.code).toBe('INVALID_TOKEN');
    expect((await request(t.http).get('/api/users').set(as(w.tokens.townA1)).expect(403)).body.error.code).toBe('FORBIDDEN');
    for (let i = 0; i < 3; i++) await request(t.http).post('/api/auth/login').send({ username: 'ghost', password: 'wrong-password' }).expect(401);
    const limited = await request(t.http).post('/api/auth/login').send({ username: 'ghost', password: 'wrong-password' }).expect(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(limited.headers['retry-after-login']).toBeUndefined();

    // Guessing the current password while signed in is limited the same way.
    for (let i = 0; i < 3; i++) {
      await request(t.http).post('/api/me/password').set(as(w.tokens.townA2)).send({ currentPassword: 'not-my-password', newPassword: 'gorse-Tundra-71-lamp' }).expect(401);
    }
    const guessing = await request(t.http).post('/api/me/password').set(as(w.tokens.townA2)).send({ currentPassword: 'not-my-password', newPassword: 'gorse-Tundra-71-lamp' }).expect(429);
    expect(guessing.headers['retry-after']).toMatch(/^\d+$/);
  });

  describe('uploads', () => {
    const url = () => `/api/townships/${w.owned.A1.township.id}/submissions`;
    const upload = (bytes: Buffer, name: string, year = String(YEAR)) =>
      request(t.http).post(url()).set(as(w.tokens.townA1)).field('year', year).field('kind', 'annual_report').attach('file', bytes, name);

    it('says what a refused file was taken to be and what to send', async () => {
      const gif = await upload(Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(100)]), 'r.docx').expect(415);
      expect(gif.body.error.code).toBe('UNSUPPORTED_FORMAT');
      expect(gif.body.error.message).toMatch(/GIF 图片.*JPG\/PNG/);
      // An OLE2 header with nothing behind it: a Word 97/WPS file that cannot be read.
      const doc = await upload(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]), '报告.doc').expect(400);
      expect(doc.body.error.code).toBe('CORRUPT_DOC');
      expect(doc.body.error.message).toContain('WPS');
      expect(doc.body.error.message).toContain('.docx');
    });

    it('names the size limit in MB', async () => {
      const big = await upload(Buffer.alloc(MAX + 1024, 'a'), 'big.txt').expect(413);
      expect(big.body.error).toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringContaining('2 MB') });
    });

    it('refuses a file in another field, or two files', async () => {
      const other = await request(t.http).post(url()).set(as(w.tokens.townA1)).field('year', String(YEAR)).field('kind', 'annual_report').attach('document', Buffer.from('报告'), 'r.txt').expect(400);
      expect(other.body.error.code).toBe('UNEXPECTED_FILE_FIELD');
      const broken = await raw(server, 'POST', url(), { ...as(w.tokens.townA1), 'content-type': 'multipart/form-data' }, Buffer.from('no boundary here'));
      expect(broken.status).toBe(400);
      expect(broken.body.error.code).toBe('INVALID_MULTIPART');
    });

    it.each(['2023.0', '0x7e7', '  2023 ', '2023.5', '2e3', '+2023', ''])('refuses the year %j', async (year) => {
      const res = await upload(Buffer.from(`金马镇年度报告 ${year}`), 'r.txt', year).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.map((d: any) => d.field)).toContain('year');
    });
  });

  it.each(['2023.0', '0x7e7', ' 2023', '2023.5'])('refuses the query year %j', async (year) => {
    const res = await request(t.http).get('/api/findings').query({ year }).set(as(w.tokens.audA)).expect(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'year', constraint: 'isInt' });
  });

  const json = { 'content-type': 'application/json' };
  const malformed: [string, () => [Record<string, string>, Buffer], number, string][] = [
    ['a NUL byte in a JSON string', () => [json, Buffer.from('{"refreshToken":"aaaaaaaaaaaaaaaa\\u0000b"}')], 400, 'INVALID_TEXT'],
    ['a lone surrogate in a JSON string', () => [json, Buffer.from('{"refreshToken":"aaaaaaaaaaaaaaaa\\ud800b"}')], 400, 'INVALID_TEXT'],
    ['a NUL byte in a JSON key', () => [json, Buffer.from('{"refresh\\u0000Token":"aaaaaaaaaaaaaaaaaa"}')], 400, 'INVALID_TEXT'],
    ['a JSON body over the limit', () => [json, Buffer.from(JSON.stringify({ refreshToken: 'x'.repeat(200 * 1024) }))], 413, 'BODY_TOO_LARGE'],
    ['a latin1-declared body', () => [{ 'content-type': 'application/json; charset=latin1' }, Buffer.from('{"refreshToken":"aaaaaaaaaaaaaaaaaa"}')], 415, 'UNSUPPORTED_CHARSET'],
    ['a body that claims gzip but is not', () => [{ ...json, 'content-encoding': 'gzip' }, Buffer.from('{"refreshToken":"aaaaaaaaaaaaaaaaaa"}')], 400, 'INVALID_CONTENT_ENCODING'],
    ['a truncated gzip body', () => [{ ...json, 'content-encoding': 'gzip' }, gzipSync(Buffer.from('{"refreshToken":"aaaaaaaaaaaaaaaaaa"}')).subarray(0, 20)], 400, 'INVALID_CONTENT_ENCODING'],
    ['an unknown content encoding', () => [{ ...json, 'content-encoding': 'br-zip' }, Buffer.from('{}')], 415, 'UNSUPPORTED_CONTENT_ENCODING'],
    ['broken JSON', () => [json, Buffer.from('{"refreshToken": ')], 400, 'INVALID_JSON'],
    ['a JSON array instead of an object', () => [json, Buffer.from('[1,2]')], 400, 'VALIDATION_FAILED'],
    ['a bare JSON string', () => [json, Buffer.from('"admin"')], 400, 'INVALID_JSON'],
    ['JSON null', () => [json, Buffer.from('null')], 400, 'INVALID_JSON'],
    ['an object where a string belongs', () => [json, Buffer.from('{"refreshToken":{"$gt":""}}')], 400, 'VALIDATION_FAILED'],
    ['a form-encoded body', () => [{ 'content-type': 'application/x-www-form-urlencoded' }, Buffer.from('refreshToken=aaaaaaaaaaaaaaaaaaaa')], 401, 'INVALID_REFRESH_TOKEN'],
    ['an XML body', () => [{ 'content-type': 'application/xml' }, Buffer.from('<login/>')], 400, 'VALIDATION_FAILED'],
  ];

  it.each(malformed)('answers %s with a Chinese 4xx', async (_label, make, status, code) => {
    const [headers, body] = make();
    const res = await raw(server, 'POST', '/api/auth/refresh', headers, body);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ code, status });
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('answers a path with a broken %-escape with a Chinese 400', async () => {
    const res = await raw(server, 'GET', '/api/submissions/%E0%A4%A', { ...as(w.tokens.admin) }, Buffer.alloc(0));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_URL');
  });

  it('keeps NUL bytes out of authenticated writes too (a finding response)', async () => {
    const res = await request(t.http).post(`/api/findings/${w.owned.A1.finding.id}/response`).set(as(w.tokens.townA1)).send({ response: '已整改\u0000' }).expect(400);
    expect(res.body.error.code).toBe('INVALID_TEXT');
  });

  it('answers "no such id" and "not yours" with the same 404 body on every resource', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const B1 = w.owned.B1;
    const pairs: [string, string][] = [
      ['/api/submissions/:id', B1.submission.id],
      ['/api/submissions/:id/file', B1.submission.id],
      ['/api/submissions/:id/text', B1.submission.id],
      ['/api/townships/:id', B1.township.id],
      ['/api/townships/:id/submissions', B1.township.id],
      [`/api/townships/:id/checklists/${YEAR}`, B1.township.id],
      ['/api/counties/:id', w.counties.B.id],
      [`/api/counties/:id/matrix?year=${YEAR}`, w.counties.B.id],
      ['/api/users/:id', B1.spareUser.id],
      [`/api/townships/:id/report/${YEAR}`, B1.township.id],
    ];
    for (const [route, foreignId] of pairs) {
      const mine = await request(t.http).get(route.replace(':id', missing)).set(as(w.tokens.audA));
      const theirs = await request(t.http).get(route.replace(':id', foreignId)).set(as(w.tokens.audA));
      expect([route, mine.status]).toEqual([route, 404]);
      expect([route, theirs.body]).toEqual([route, mine.body]);
    }
    const writes: [string, 'patch' | 'post', string, object, keyof World['tokens']][] = [
      ['/api/checklist-items/:id', 'patch', B1.item.id, { action: 'accept' }, 'audA'],
      ['/api/checklist-items/:id/evidence', 'post', B1.item.id, { note: '现场检查见会议记录' }, 'audA'],
      ['/api/evidence/:id', 'patch', B1.evidence.id, { reviewState: 'accepted' }, 'audA'],
      ['/api/plan-items/:id', 'patch', B1.planItem.id, { status: 'fulfilled', reason: '已核实' }, 'audA'],
      ['/api/notifications/:id/read', 'patch', B1.notification.id, {}, 'townA1'],
      ['/api/findings/:id/response', 'post', B1.finding.id, { response: '已整改' }, 'townA1'],
      ['/api/users/:id/disable', 'post', B1.spareUser.id, {}, 'audA'],
      ['/api/townships/:id', 'patch', B1.township.id, { villageCount: 3 }, 'audA'],
    ];
    for (const [route, method, foreignId, body, actor] of writes) {
      const mine = await request(t.http)[method](route.replace(':id', missing)).set(as(w.tokens[actor])).send(body);
      const theirs = await request(t.http)[method](route.replace(':id', foreignId)).set(as(w.tokens[actor])).send(body);
      expect([route, mine.status]).toEqual([route, 404]);
      expect([route, theirs.body]).toEqual([route, mine.body]);
    }
  });
});
