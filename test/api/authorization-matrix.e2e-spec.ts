import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import type { AppConfig } from '@app/config';
import { QUEUES } from '@app/queue';
import { ReportLinkSigner } from '../../apps/api/src/exports/report-link.signer';
import { createTestApp, exposedRoutes, type TestApp } from './app-harness';
import { ACTORS, OWNERS, PASSWORD, YEAR, buildWorld, uniqueCode, type Actor, type Owner, type World } from './world';
import { writeZip } from '../support/zip-writer';

/**
 * Every route the running app exposes must appear in ROUTES with its access rule, and is called as every role
 * against resources of every township (own, another township of the same county, another county). A route added
 * without an entry here fails the first test; a route whose scope check is missing fails the second.
 */

type Rule =
  /** Anyone, no token. */
  | 'public'
  /** Any signed-in user; the result is about or filtered to the caller. */
  | 'signed-in'
  /** Admins and auditors; listings filtered to the caller's county. */
  | 'staff'
  | 'admin'
  /** The owner township's data: admin, the auditor of its county, its own township account. */
  | 'township:read'
  /** Reviewing / managing the owner township: admin and the auditor of its county. */
  | 'township:review'
  /** Only the owner township's own account (answers to findings, its notifications). */
  | 'township:own'
  /** The owner's county: admin, the county's auditor, and (read-only) the county's township accounts. */
  | 'county:read'
  /** Managing or comparing the owner's county: admin and the county's auditor. */
  | 'county:review';

interface RouteSpec {
  rule: Rule;
  path: (w: World, o: Owner) => string;
  send?: (req: request.Test, w: World, o: Owner) => request.Test;
  /** Ends the caller's sessions when allowed: the caller logs in again afterwards. */
  endsSession?: boolean;
  /** What an allowed call answers when that is not 2xx (the refresh route authenticates by its body alone). */
  allowedAnswer?: { status: number; code: string };
  /**
   * 409 codes an allowed call may answer instead of 2xx: the state an earlier allowed caller changed, or a rule of
   * the role (a township's withdrawal after the deadline). Never a denial code.
   */
  allowedConflicts?: string[];
}

/** Signs as the test app does (its JWT_SECRET, no REPORT_LINK_SECRET). */
const LINKS = new ReportLinkSigner({ jwt: { secret: 'x'.repeat(32) }, reportLinks: { secret: null, publicBaseUrl: null, pdfFont: null }, demo: { enabled: false } } as unknown as AppConfig);

const json = (body: (w: World, o: Owner) => object) => (req: request.Test, w: World, o: Owner) => req.send(body(w, o));
const upload = (req: request.Test) =>
  req.field('year', String(YEAR)).field('kind', 'annual_report').attach('file', Buffer.from(`报告 ${uniqueCode()} 法治政府建设`, 'utf8'), 'r.txt');

/** A past-report archive for the owner's township (checked only: the route is called with dryRun). */
const importZip = (w: World, o: Owner) =>
  writeZip([
    { name: '清单.csv', data: Buffer.from(`乡镇,年度,文件名,报送日期\n${w.owned[o].township.name},${YEAR},r.txt,${YEAR + 1}-01-02\n`, 'utf8') },
    { name: 'r.txt', data: Buffer.from(`报告 ${uniqueCode()} 法治政府建设`, 'utf8') },
  ]);

const ROUTES: Record<string, RouteSpec> = {
  'GET /health': { rule: 'public', path: () => '/health' },
  'POST /api/auth/login': { rule: 'public', path: () => '/api/auth/login', send: json(() => ({ username: 'auditora', password: PASSWORD })) },
  'POST /api/auth/refresh': {
    rule: 'public',
    path: () => '/api/auth/refresh',
    send: json(() => ({ refreshToken: 'not-a-real-refresh-token-000' })),
    allowedAnswer: { status: 401, code: 'INVALID_REFRESH_TOKEN' },
  },
  'POST /api/auth/logout': { rule: 'signed-in', path: () => '/api/auth/logout', endsSession: true },
  'POST /api/auth/change-password': { rule: 'signed-in', path: () => '/api/auth/change-password', send: json(() => ({ currentPassword: PASSWORD, newPassword: PASSWORD })), endsSession: true },
  'POST /api/me/password': { rule: 'signed-in', path: () => '/api/me/password', send: json(() => ({ currentPassword: PASSWORD, newPassword: PASSWORD })), endsSession: true },
  'GET /api/me': { rule: 'signed-in', path: () => '/api/me' },

  'GET /api/counties': { rule: 'signed-in', path: () => '/api/counties' },
  'POST /api/counties': { rule: 'admin', path: () => '/api/counties', send: json(() => ({ code: `c-${uniqueCode()}`, name: '新县' })) },
  'GET /api/counties/:id': { rule: 'county:read', path: (w, o) => `/api/counties/${w.countyOf[o].id}` },
  'PATCH /api/counties/:id': { rule: 'admin', path: (w, o) => `/api/counties/${w.countyOf[o].id}`, send: json((w, o) => ({ name: w.countyOf[o].name })) },
  'GET /api/counties/:id/channels': { rule: 'county:review', path: (w, o) => `/api/counties/${w.countyOf[o].id}/channels` },
  'PATCH /api/counties/:id/channels': {
    rule: 'county:review',
    path: (w, o) => `/api/counties/${w.countyOf[o].id}/channels`,
    send: json(() => ({ wecomWebhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7c1e-4bc4-97a0-0ec2f1a5a0e1' })),
  },
  'POST /api/counties/:id/report-imports': {
    rule: 'county:review',
    path: (w, o) => `/api/counties/${w.countyOf[o].id}/report-imports?dryRun=true`,
    send: (req, w, o) => req.attach('file', importZip(w, o), '历史报告.zip'),
  },
  'GET /api/report-imports/manifest-template': { rule: 'staff', path: () => '/api/report-imports/manifest-template' },
  'POST /api/counties/:id/report-links': { rule: 'county:review', path: (w, o) => `/api/counties/${w.countyOf[o].id}/report-links`, send: json(() => ({ year: YEAR, expiresInDays: 7 })) },
  // The signed link is the authorisation: anyone holding it opens the report, no token needed.
  'GET /api/public/county-reports/:token': {
    rule: 'public',
    path: (w, o) => `/api/public/county-reports/${LINKS.sign({ countyId: w.countyOf[o].id, year: YEAR, expiresAt: new Date(Date.now() + 86_400_000) })}`,
  },
  'GET /api/counties/:id/matrix': { rule: 'county:review', path: (w, o) => `/api/counties/${w.countyOf[o].id}/matrix?year=${YEAR}` },
  'GET /api/counties/:id/matrix.xlsx': { rule: 'county:review', path: (w, o) => `/api/counties/${w.countyOf[o].id}/matrix.xlsx?year=${YEAR}` },
  'GET /api/counties/:id/matrix.csv': { rule: 'county:review', path: (w, o) => `/api/counties/${w.countyOf[o].id}/matrix.csv?year=${YEAR}` },

  'GET /api/townships': { rule: 'signed-in', path: () => '/api/townships' },
  'POST /api/townships': { rule: 'county:review', path: () => '/api/townships', send: json((w, o) => ({ countyId: w.countyOf[o].id, code: `t-${uniqueCode()}`, name: `新镇${uniqueCode()}`, level: 'town' })) },
  'GET /api/townships/:id': { rule: 'township:read', path: (w, o) => `/api/townships/${w.owned[o].township.id}` },
  'PATCH /api/townships/:id': { rule: 'township:review', path: (w, o) => `/api/townships/${w.owned[o].township.id}`, send: json(() => ({ villageCount: 11 })) },
  'POST /api/townships/:id/disable': { rule: 'township:review', path: (w, o) => `/api/townships/${w.owned[o].spareTownship.id}/disable` },
  'POST /api/townships/:id/enable': { rule: 'township:review', path: (w, o) => `/api/townships/${w.owned[o].spareTownship.id}/enable` },
  'POST /api/townships/:id/submissions': { rule: 'township:read', path: (w, o) => `/api/townships/${w.owned[o].township.id}/submissions`, send: upload },
  'GET /api/townships/:id/submissions': { rule: 'township:read', path: (w, o) => `/api/townships/${w.owned[o].township.id}/submissions?year=${YEAR}` },
  'GET /api/townships/:id/checklists/:year': { rule: 'township:read', path: (w, o) => `/api/townships/${w.owned[o].township.id}/checklists/${YEAR}` },
  'GET /api/townships/:id/report/:year': { rule: 'township:read', path: (w, o) => `/api/townships/${w.owned[o].township.id}/report/${YEAR}` },

  'GET /api/users': { rule: 'staff', path: () => '/api/users' },
  'POST /api/users': { rule: 'township:review', path: () => '/api/users', send: json((w, o) => ({ username: `u${uniqueCode()}`, password: PASSWORD, role: 'township', townshipId: w.owned[o].township.id })) },
  'GET /api/users/:id': { rule: 'township:review', path: (w, o) => `/api/users/${w.owned[o].spareUser.id}` },
  'PATCH /api/users/:id': { rule: 'township:review', path: (w, o) => `/api/users/${w.owned[o].spareUser.id}`, send: json(() => ({ displayName: '备用账号' })) },
  'POST /api/users/:id/disable': { rule: 'township:review', path: (w, o) => `/api/users/${w.owned[o].spareUser.id}/disable` },
  'POST /api/users/:id/enable': { rule: 'township:review', path: (w, o) => `/api/users/${w.owned[o].spareUser.id}/enable` },

  'GET /api/templates': { rule: 'signed-in', path: () => '/api/templates' },
  'GET /api/templates/:id': { rule: 'signed-in', path: (w) => `/api/templates/${w.templateId}` },
  // w.templateId is the national default: only admins change it (county templates: test/api/county-templates).
  'POST /api/templates/:id/next-year': { rule: 'admin', path: (w) => `/api/templates/${w.templateId}/next-year` },
  'PATCH /api/templates/:id/obligations/:obligationId': { rule: 'admin', path: (w) => `/api/templates/${w.templateId}/obligations/leadership_group`, send: json(() => ({ weight: 2 })) },
  'POST /api/counties/:id/templates': { rule: 'county:review', path: (w, o) => `/api/counties/${w.countyOf[o].id}/templates`, send: json(() => ({ year: YEAR, from: 'default' })) },

  'GET /api/submissions/:id': { rule: 'township:read', path: (w, o) => `/api/submissions/${w.owned[o].submission.id}` },
  'GET /api/submissions/:id/file': { rule: 'township:read', path: (w, o) => `/api/submissions/${w.owned[o].submission.id}/file` },
  'POST /api/submissions/:id/accept-as-report': {
    rule: 'township:review',
    path: (w, o) => `/api/submissions/${w.owned[o].submission.id}/accept-as-report`,
    allowedConflicts: ['NOT_REJECTED_AS_NON_REPORT'],
  },
  'POST /api/submissions/:id/confirm-year': {
    rule: 'township:read',
    path: (w, o) => `/api/submissions/${w.owned[o].submission.id}/confirm-year`,
    send: json(() => ({ year: YEAR })),
    allowedConflicts: ['NOT_AWAITING_YEAR_CONFIRMATION'],
  },
  'GET /api/submissions/:id/text': { rule: 'township:read', path: (w, o) => `/api/submissions/${w.owned[o].submission.id}/text` },
  'POST /api/submissions/:id/withdraw': {
    rule: 'township:read',
    path: (w, o) => `/api/submissions/${w.owned[o].submission.id}/withdraw`,
    allowedConflicts: ['ALREADY_WITHDRAWN', 'WITHDRAW_DEADLINE_PASSED'],
  },

  'PATCH /api/checklist-items/:id': { rule: 'township:review', path: (w, o) => `/api/checklist-items/${w.owned[o].item.id}`, send: json(() => ({ action: 'accept' })) },
  'PATCH /api/checklist-items/:id/note': { rule: 'township:own', path: (w, o) => `/api/checklist-items/${w.owned[o].item.id}/note`, send: json(() => ({ note: '本年度未发生' })) },
  'POST /api/checklist-items/:id/evidence': { rule: 'township:review', path: (w, o) => `/api/checklist-items/${w.owned[o].item.id}/evidence`, send: json(() => ({ note: '现场检查见会议记录' })) },
  'PATCH /api/evidence/:id': { rule: 'township:review', path: (w, o) => `/api/evidence/${w.owned[o].evidence.id}`, send: json(() => ({ reviewState: 'accepted' })) },
  'PATCH /api/plan-items/:id': { rule: 'township:review', path: (w, o) => `/api/plan-items/${w.owned[o].planItem.id}`, send: json(() => ({ status: 'fulfilled', reason: '已核实' })) },

  'GET /api/findings': { rule: 'signed-in', path: () => '/api/findings?status=open' },
  'POST /api/findings/:id/response': { rule: 'township:own', path: (w, o) => `/api/findings/${w.owned[o].finding.id}/response`, send: json(() => ({ response: '已整改' })) },
  'GET /api/notifications': { rule: 'signed-in', path: () => '/api/notifications' },
  'PATCH /api/notifications/:id/read': { rule: 'township:own', path: (w, o) => `/api/notifications/${w.owned[o].notification.id}/read` },
  'GET /api/audit-log': { rule: 'staff', path: () => '/api/audit-log' },
  'POST /api/admin/queues/session': { rule: 'admin', path: () => '/api/admin/queues/session' },
  'DELETE /api/admin/queues/session': { rule: 'admin', path: () => '/api/admin/queues/session' },
  'POST /api/admin/reminders/run': { rule: 'admin', path: () => '/api/admin/reminders/run' },
};

/** Swagger UI and its assets: public documentation, checked by prefix because the UI package decides the files. */
const DOCS_PREFIX = '/docs';

const countyLetter = (o: Owner) => o[0] as 'A' | 'B';

function allowed(actor: Actor, rule: Rule, owner: Owner): boolean {
  if (rule === 'public') return true;
  if (actor === 'anon') return false;
  const sameCounty = actor === `aud${countyLetter(owner)}` || (actor.startsWith('town') && actor.charAt(4) === countyLetter(owner));
  const ownTownship = actor === `town${owner}`;
  switch (rule) {
    case 'signed-in':
      return true;
    case 'staff':
      return actor === 'admin' || actor.startsWith('aud');
    case 'admin':
      return actor === 'admin';
    case 'township:read':
      return actor === 'admin' || actor === `aud${countyLetter(owner)}` || ownTownship;
    case 'township:review':
    case 'county:review':
      return actor === 'admin' || actor === `aud${countyLetter(owner)}`;
    case 'township:own':
      return ownTownship;
    case 'county:read':
      return actor === 'admin' || sameCounty;
  }
}

jest.setTimeout(120_000);

describe('authorization matrix', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(async () => {
    // The admin's reminder run answered 'queued' here (no worker in this file). Left in Redis, the next file's worker
    // would run it over that file's county and remind its townships before that test asks for it.
    await t?.app.get<Queue>(getQueueToken(QUEUES.reminders)).obliterate({ force: true });
    await t?.close();
  });

  it('has an access rule for every route the app exposes, and no rule for a route that does not exist', () => {
    const exposed = exposedRoutes(t.app).filter((r) => !r.split(' ')[1].startsWith(DOCS_PREFIX));
    expect(exposed.filter((r) => !(r in ROUTES))).toEqual([]);
    expect(Object.keys(ROUTES).filter((r) => !exposed.includes(r))).toEqual([]);
  });

  it('denies every role outside its scope and lets every role within it through', async () => {
    const failures: string[] = [];
    for (const [route, spec] of Object.entries(ROUTES)) {
      const [method] = route.split(' ');
      // Rules that do not depend on whose resource it is need one owner, not three.
      const owners = ['public', 'signed-in', 'staff', 'admin'].includes(spec.rule) ? OWNERS.slice(0, 1) : OWNERS;
      for (const owner of owners) {
        for (const actor of ACTORS) {
          const expectAllowed = allowed(actor, spec.rule, owner);
          let req = (request(t.http) as any)[method.toLowerCase()](spec.path(w, owner)) as request.Test;
          const token = w.tokens[actor];
          if (token) req = req.set('authorization', `Bearer ${token}`);
          if (spec.send) req = spec.send(req, w, owner);
          const res = await req;
          const denied = [401, 403, 404].includes(res.status);
          const label = `${route} as ${actor} on ${owner}'s resource → ${res.status} ${res.body?.error?.code ?? ''}`;
          const answer = spec.allowedAnswer;
          const conflictOk = res.status === 409 && (spec.allowedConflicts ?? []).includes(res.body?.error?.code);
          const allowedOk = answer ? res.status === answer.status && res.body?.error?.code === answer.code : res.status < 300 || conflictOk;
          if (expectAllowed && !allowedOk) failures.push(`expected allowed: ${label}`);
          if (!expectAllowed && !denied) failures.push(`expected denied: ${label}`);
          if (actor === 'anon' && spec.rule !== 'public' && res.status !== 401) failures.push(`expected 401: ${label}`);
          if (!expectAllowed && !res.body?.error?.code) failures.push(`error body missing: ${label}`);
          if (expectAllowed && spec.endsSession && actor !== 'anon') await w.login(actor);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('filters every listing to the caller\'s scope', async () => {
    const get = async (actor: Actor, path: string) =>
      (await request(t.http).get(path).set('authorization', `Bearer ${w.tokens[actor]}`).expect(200)).body;
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    const townshipIdsOf = (rows: { townshipId: string }[] | { items: { townshipId: string }[] }) => [...new Set(('items' in rows ? rows.items : rows).map((r) => r.townshipId))];
    const A = w.counties.A.id;
    const { A1, A2, B1 } = w.owned;

    expect(ids(await get('audA', '/api/townships'))).toEqual(expect.arrayContaining([A1.township.id, A2.township.id]));
    expect(ids(await get('audA', '/api/townships'))).not.toContain(B1.township.id);
    expect(ids(await get('townA1', '/api/townships'))).toEqual([A1.township.id]);
    expect(ids(await get('townA1', '/api/counties'))).toEqual([A]);
    expect(ids(await get('audB', '/api/counties'))).toEqual([w.counties.B.id]);
    expect(townshipIdsOf(await get('townA1', '/api/findings'))).toEqual([A1.township.id]);
    expect(townshipIdsOf(await get('audA', '/api/findings')).sort()).toEqual([A1.township.id, A2.township.id].sort());
    expect(townshipIdsOf(await get('admin', '/api/findings'))).toHaveLength(3);
    expect(ids(await get('townA1', '/api/notifications'))).toEqual([A1.notification.id]);
    expect(await get('admin', '/api/notifications')).toEqual([]);
    const usersOfA: { id: string; role: string }[] = await get('audA', '/api/users');
    expect(ids(usersOfA)).not.toContain(w.users.audB.id);
    expect(ids(usersOfA)).not.toContain(w.users.admin.id);
    expect(ids(usersOfA)).toContain(w.users.townA2.id);
    const auditA: { items: { countyId: string | null }[] } = await get('audA', '/api/audit-log?pageSize=200');
    const [{ n: ofA }] = await t.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE county_id = $1`, [A]);
    expect(ofA).toBe(106);
    expect(auditA.items).toHaveLength(ofA);
    expect(auditA.items.every((e) => e.countyId === A)).toBe(true);
  });

  it('guards the queue dashboard: admins only', async () => {
    await request(t.http).get('/admin/queues').expect(401);
    await request(t.http).get('/admin/queues').set('authorization', `Bearer ${w.tokens.audA}`).expect(403);
    await request(t.http).get('/admin/queues').set('authorization', `Bearer ${w.tokens.townA1}`).expect(403);
    await request(t.http).get('/admin/queues/api/queues').set('authorization', `Bearer ${w.tokens.audA}`).expect(403);
    const page = await request(t.http).get('/admin/queues').set('authorization', `Bearer ${w.tokens.admin}`).expect(200);
    const api = await request(t.http).get('/admin/queues/api/queues').set('authorization', `Bearer ${w.tokens.admin}`).expect(200);
    expect(JSON.stringify(api.body)).toContain('analysis');

    // The api's security headers, and nobody may frame it.
    for (const res of [page, await request(t.http).get('/admin/queues').expect(401)]) {
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toBeDefined();
    }
  });

  it('takes the dashboard session from an HttpOnly cookie set for admins, never from ?token=', async () => {
    await request(t.http).get(`/admin/queues?token=${w.tokens.admin}`).expect(401);
    const noCookie = await request(t.http).get(`/admin/queues?token=${w.tokens.admin}`).expect(401);
    expect(noCookie.headers['set-cookie']).toBeUndefined();

    await request(t.http).post('/api/admin/queues/session').set('authorization', `Bearer ${w.tokens.audA}`).expect(403);
    const session = await request(t.http).post('/api/admin/queues/session').set('authorization', `Bearer ${w.tokens.admin}`).expect(204);
    const cookie: string = session.headers['set-cookie'][0];
    expect(cookie).toMatch(/^fazhi_queues_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/admin\/queues/);
    expect(cookie).toMatch(/Max-Age=\d+/);
    const pair = cookie.split(';')[0];
    await request(t.http).get('/admin/queues/api/queues').set('cookie', pair).expect(200);

    // The cookie dies with the admin's sessions.
    const cleared = await request(t.http).delete('/api/admin/queues/session').set('authorization', `Bearer ${w.tokens.admin}`).expect(204);
    expect(cleared.headers['set-cookie'][0]).toMatch(/fazhi_queues_session=;/);
    await request(t.http).post('/api/auth/logout').set('authorization', `Bearer ${w.tokens.admin}`).expect(204);
    await request(t.http).get('/admin/queues/api/queues').set('cookie', pair).expect(401);
    await w.login('admin');
  });

  it('serves the OpenAPI document to anyone, listing every api route', async () => {
    await request(t.http).get('/docs').expect(200);
    const doc = (await request(t.http).get('/docs/json').expect(200)).body;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const apiRoutes = Object.keys(ROUTES).filter((r) => r.includes(' /api/'));
    expect(apiRoutes.filter((r) => !documented.includes(r))).toEqual([]);
  });

  it('answers malformed and unknown ids with 404, bad years with 400, in the one error body', async () => {
    const auth = { authorization: `Bearer ${w.tokens.admin}` };
    const bad = await request(t.http).get('/api/submissions/not-a-uuid').set(auth).expect(404);
    expect(bad.body).toEqual({ error: { code: 'SUBMISSION_NOT_FOUND', message: expect.any(String), status: 404 } });
    await request(t.http).get('/api/townships/00000000-0000-4000-8000-000000000000').set(auth).expect(404);
    const year = await request(t.http).get(`/api/townships/${w.owned.A1.township.id}/checklists/1999`).set(auth).expect(400);
    expect(year.body.error.code).toBe('INVALID_YEAR');
    await request(t.http).get(`/api/counties/${w.counties.A.id}/matrix?year=2101`).set(auth).expect(400);
    const unknownField = await request(t.http).patch(`/api/townships/${w.owned.A1.township.id}`).set(auth).send({ villageCount: 3, isAdmin: true }).expect(400);
    expect(unknownField.body.error.code).toBe('VALIDATION_FAILED');
    const noRoute = await request(t.http).get('/api/nothing-here').set(auth).expect(404);
    expect(noRoute.body.error.code).toBe('ROUTE_NOT_FOUND');
  });
});
