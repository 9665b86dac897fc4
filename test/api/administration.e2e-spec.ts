import request from 'supertest';
import { ChecklistTemplate, RefreshToken, User } from '@app/persistence';
import { verifyPassword } from '../../apps/api/src/auth/password';
import { createAdminAccount } from '../../apps/api/src/cli/admin-account';
import { createTestApp, type TestApp } from './app-harness';
import { PASSWORD, YEAR, buildWorld, type World } from './world';

jest.setTimeout(90_000);

describe('accounts, sessions and templates', () => {
  let t: TestApp;
  let w: World;
  const as = (token: string | null) => ({ authorization: `Bearer ${token}` });
  const login = (username: string, password = PASSWORD) => request(t.http).post('/api/auth/login').send({ username, password });

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: '5' });
    w = await buildWorld(t);
  });
  afterAll(() => t?.close());

  it('rotates refresh tokens, and a reused one ends every session of the user', async () => {
    const first = (await login('towna2').expect(200)).body;
    expect(first).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
    const second = (await request(t.http).post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await request(t.http).get('/api/me').set(as(second.accessToken)).expect(200);
    const stored = await t.ds.getRepository(RefreshToken).find({ where: { userId: w.users.townA2.id } });
    expect(stored.every((r) => !r.tokenHash.includes(first.refreshToken))).toBe(true);

    // Reuse after the grace window for parallel refreshes.
    await t.ds.query(`UPDATE refresh_tokens SET revoked_at = revoked_at - interval '1 minute' WHERE user_id = $1 AND revoked_at IS NOT NULL`, [w.users.townA2.id]);
    const reuse = await request(t.http).post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    expect(reuse.body.error.code).toBe('REFRESH_TOKEN_REUSED');
    expect((await request(t.http).get('/api/me').set(as(second.accessToken)).expect(401)).body.error.code).toBe('INVALID_TOKEN');
    await request(t.http).post('/api/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
    w.tokens.townA2 = (await login('towna2').expect(200)).body.accessToken;
  });

  it('logs out everywhere: refresh and access tokens stop working', async () => {
    const session = (await login('spareb1').expect(200)).body;
    await request(t.http).post('/api/auth/logout').set(as(session.accessToken)).expect(204);
    await request(t.http).get('/api/me').set(as(session.accessToken)).expect(401);
    expect((await request(t.http).post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401)).body.error.code).toBe('INVALID_REFRESH_TOKEN');
  });

  it('changes a password: the old one and old sessions stop working', async () => {
    const session = (await login('sparea2').expect(200)).body;
    const wrong = await request(t.http).post('/api/me/password').set(as(session.accessToken)).send({ currentPassword: 'nope-nope', newPassword: 'a-new-password' }).expect(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    const short = await request(t.http).post('/api/me/password').set(as(session.accessToken)).send({ currentPassword: PASSWORD, newPassword: 'short' }).expect(400);
    expect(short.body.error.code).toBe('VALIDATION_FAILED');
    const weak = await request(t.http).post('/api/me/password').set(as(session.accessToken)).send({ currentPassword: PASSWORD, newPassword: 'password123' }).expect(400);
    expect(weak.body.error).toMatchObject({ code: 'WEAK_PASSWORD', message: expect.stringContaining('常见密码') });
    const own = await request(t.http).post('/api/me/password').set(as(session.accessToken)).send({ currentPassword: PASSWORD, newPassword: 'sparea2-is-me' }).expect(400);
    expect(own.body.error.message).toContain('用户名');
    const fresh = (await request(t.http).post('/api/me/password').set(as(session.accessToken)).send({ currentPassword: PASSWORD, newPassword: 'a-new-password' }).expect(200)).body;
    await request(t.http).get('/api/me').set(as(session.accessToken)).expect(401);
    await request(t.http).get('/api/me').set(as(fresh.accessToken)).expect(200);
    await login('sparea2').expect(401);
    await login('sparea2', 'a-new-password').expect(200);
  });

  it('disables an account at once (tokens refused on the next request) and lets the auditor enable it again', async () => {
    const session = (await login('sparea1').expect(200)).body;
    await request(t.http).post(`/api/users/${w.owned.A1.spareUser.id}/disable`).set(as(w.tokens.audA)).expect(200);
    expect((await request(t.http).get('/api/me').set(as(session.accessToken)).expect(401)).body.error.code).toBe('INVALID_TOKEN');
    expect((await login('sparea1').expect(401)).body.error.code).toBe('ACCOUNT_DISABLED');
    await request(t.http).post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    await request(t.http).post(`/api/users/${w.owned.A1.spareUser.id}/enable`).set(as(w.tokens.audA)).expect(200);
    await login('sparea1').expect(200);
    const self = await request(t.http).post(`/api/users/${w.users.audA.id}/disable`).set(as(w.tokens.audA)).expect(409);
    expect(self.body.error.code).toBe('CANNOT_DISABLE_SELF');
  });

  it('lets an auditor create accounts only inside the county, never admins', async () => {
    const created = await request(t.http).post('/api/users').set(as(w.tokens.audA))
      .send({ username: 'newtown', password: 'long-enough-pw', role: 'township', townshipId: w.owned.A2.township.id }).expect(201);
    expect(created.body).toMatchObject({ username: 'newtown', role: 'township', townshipId: w.owned.A2.township.id });
    expect(created.body.passwordHash).toBeUndefined();
    expect(await verifyPassword((await t.ds.getRepository(User).findOneByOrFail({ username: 'newtown' })).passwordHash, 'long-enough-pw')).toBe(true);
    await request(t.http).post('/api/users').set(as(w.tokens.audA)).send({ username: 'boss', password: 'long-enough-pw', role: 'admin' }).expect(403);
    await request(t.http).post('/api/users').set(as(w.tokens.audA)).send({ username: 'otherc', password: 'long-enough-pw', role: 'auditor', countyId: w.counties.B.id }).expect(403);
    await request(t.http).post('/api/users').set(as(w.tokens.audA)).send({ username: 'otherb', password: 'long-enough-pw', role: 'township', townshipId: w.owned.B1.township.id }).expect(404);
    const taken = await request(t.http).post('/api/users').set(as(w.tokens.audA)).send({ username: 'newtown', password: 'long-enough-pw', role: 'township', townshipId: w.owned.A2.township.id }).expect(409);
    expect(taken.body.error.code).toBe('USERNAME_TAKEN');
  });

  it('rate-limits logins per address and username', async () => {
    for (let i = 0; i < 5; i++) await login('nobody-here', 'wrong-password').expect(401);
    const limited = await login('nobody-here', 'wrong-password').expect(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    await login('auditora').expect(200); // another username is counted apart
  });

  it('locks a template version other years use, edits the current year\'s and makes next year\'s', async () => {
    const template = await t.ds.getRepository(ChecklistTemplate).findOneByOrFail({ id: w.templateId });
    expect(template.year).toBe(YEAR);
    const edited = await request(t.http).patch(`/api/templates/${template.id}/obligations/village_legal_counsel`).set(as(w.tokens.admin)).send({ threshold: 90, dueRule: { month: 12, day: 31, yearOffset: 0 } }).expect(200);
    expect(edited.body).toMatchObject({ threshold: 90, dueRule: { month: 12, day: 31, yearOffset: 0 } });
    const presence = await request(t.http).patch(`/api/templates/${template.id}/obligations/leadership_group`).set(as(w.tokens.admin)).send({ threshold: 3 }).expect(400);
    expect(presence.body.error.code).toBe('THRESHOLD_NOT_APPLICABLE');
    await request(t.http).patch(`/api/templates/${template.id}/obligations/no_such_obligation`).set(as(w.tokens.admin)).send({ weight: 2 }).expect(404);

    const next = (await request(t.http).post(`/api/templates/${template.id}/next-year`).set(as(w.tokens.admin)).expect(201)).body;
    expect(next).toMatchObject({ year: YEAR + 1, derivedFromId: template.id });
    expect(next.version).toBeGreaterThanOrEqual(2); // the seed already made version 1 of next year
    expect(next.obligations).toHaveLength(53);
    expect(next.obligations.find((o: any) => o.obligationId === 'village_legal_counsel').threshold).toBe(90);

    // A checklist of another year made from this version locks it.
    await t.ds.query('UPDATE checklists SET template_id = $1 WHERE id = $2', [template.id, w.owned.B1.checklist.id]);
    await t.ds.query('UPDATE checklists SET year = $1 WHERE id = $2', [YEAR + 2, w.owned.B1.checklist.id]);
    const locked = await request(t.http).patch(`/api/templates/${template.id}/obligations/village_legal_counsel`).set(as(w.tokens.admin)).send({ threshold: 50 }).expect(409);
    expect(locked.body.error.code).toBe('TEMPLATE_LOCKED');
  });

  it('creates the first admin (the create-admin command\'s step), once', async () => {
    expect(await createAdminAccount(t.ds, 'root', 'a-strong-password')).toBe(true);
    expect(await createAdminAccount(t.ds, 'root', 'another-password')).toBe(false);
    const me = (await request(t.http).get('/api/me').set(as((await login('root', 'a-strong-password').expect(200)).body.accessToken)).expect(200)).body;
    expect(me).toMatchObject({ username: 'root', role: 'admin', countyId: null, townshipId: null });
  });

  describe('accounts (issue 13)', () => {
    const refresh = (refreshToken: string) => request(t.http).post('/api/auth/refresh').send({ refreshToken });

    it('serves two parallel refreshes with the same token (two tabs), and both sessions work', async () => {
      const first = (await login('townb1').expect(200)).body;
      const [a, b] = await Promise.all([refresh(first.refreshToken), refresh(first.refreshToken)]);
      expect([a.status, b.status]).toEqual([200, 200]);
      await request(t.http).get('/api/me').set(as(a.body.accessToken)).expect(200);
      await request(t.http).get('/api/me').set(as(b.body.accessToken)).expect(200);
      await refresh(a.body.refreshToken).expect(200);
      await refresh(b.body.refreshToken).expect(200);
    });

    it('does not serve a rotated token after a logout, even within the grace window', async () => {
      const first = (await login('spareb1').expect(200)).body;
      const second = (await refresh(first.refreshToken).expect(200)).body;
      await request(t.http).post('/api/auth/logout').set(as(second.accessToken)).expect(204);
      expect((await refresh(first.refreshToken).expect(401)).body.error.code).toBe('INVALID_REFRESH_TOKEN');
    });

    it('changes one\'s own password only with the current one: PATCH on oneself cannot', async () => {
      const self = await request(t.http).patch(`/api/users/${w.users.audA.id}`).set(as(w.tokens.audA)).send({ password: 'a-brand-new-password' }).expect(403);
      expect(self.body.error.code).toBe('USE_OWN_PASSWORD_CHANGE');
      await request(t.http).patch(`/api/users/${w.users.audA.id}`).set(as(w.tokens.audA)).send({ role: 'admin' }).expect(400);
      await request(t.http).patch(`/api/users/${w.users.audA.id}`).set(as(w.tokens.audA)).send({ disabled: true }).expect(400);
      await request(t.http).patch(`/api/users/${w.users.audA.id}`).set(as(w.tokens.audA)).send({ countyId: w.counties.B.id }).expect(400);
      const named = await request(t.http).patch(`/api/users/${w.users.audA.id}`).set(as(w.tokens.audA)).send({ displayName: '甲县审核员' }).expect(200);
      expect(named.body).toMatchObject({ displayName: '甲县审核员', role: 'auditor', disabled: false });
      await login('auditora').expect(200); // the password is unchanged
      expect((await request(t.http).post(`/api/users/${w.users.audA.id}/enable`).set(as(w.tokens.audA)).expect(409)).body.error.code).toBe('CANNOT_ENABLE_SELF');
    });

    it('keeps auditors to the township accounts of their county: no acting on auditors, even of their own county', async () => {
      const peer = (await request(t.http).post('/api/users').set(as(w.tokens.admin)).send({ username: 'auditora2', password: 'peer-auditor-pw-77', role: 'auditor', countyId: w.counties.A.id }).expect(201)).body;
      await request(t.http).post(`/api/users/${peer.id}/disable`).set(as(w.tokens.admin)).expect(200);
      for (const [method, path, body] of [
        ['post', `/api/users/${peer.id}/enable`, {}],
        ['post', `/api/users/${peer.id}/disable`, {}],
        ['patch', `/api/users/${peer.id}`, { password: 'taken-over-pw-99' }],
        ['patch', `/api/users/${peer.id}`, { displayName: '改名' }],
      ] as const) {
        const res = await (request(t.http) as any)[method](path).set(as(w.tokens.audA)).send(body).expect(403);
        expect(res.body.error.code).toBe('ROLE_HIERARCHY');
      }
      const row = await t.ds.getRepository(User).findOneByOrFail({ id: peer.id });
      expect(row).toMatchObject({ disabled: true, displayName: null });
      expect(await verifyPassword(row.passwordHash, 'peer-auditor-pw-77')).toBe(true);
      // The auditor still reads it, and still manages township accounts of the county; the admin acts on anyone.
      await request(t.http).get(`/api/users/${peer.id}`).set(as(w.tokens.audA)).expect(200);
      await request(t.http).patch(`/api/users/${w.owned.A2.spareUser.id}`).set(as(w.tokens.audA)).send({ password: 'reset-by-auditor-31' }).expect(200);
      await request(t.http).post(`/api/users/${peer.id}/enable`).set(as(w.tokens.admin)).expect(200);
      const weak = await request(t.http).patch(`/api/users/${peer.id}`).set(as(w.tokens.admin)).send({ password: 'auditora2-2024' }).expect(400);
      expect(weak.body.error.code).toBe('WEAK_PASSWORD');
    });

    it('ends the sessions of a township\'s accounts when it is disabled: access and refresh tokens refused at once', async () => {
      const spare = w.owned.A1.spareTownship;
      await request(t.http).post('/api/users').set(as(w.tokens.audA)).send({ username: 'sparetown', password: 'spare-town-pw-2024', role: 'township', townshipId: spare.id }).expect(201);
      const session = (await login('sparetown', 'spare-town-pw-2024').expect(200)).body;
      await request(t.http).post(`/api/townships/${spare.id}/disable`).set(as(w.tokens.audA)).expect(200);
      await request(t.http).get('/api/me').set(as(session.accessToken)).expect(401);
      await refresh(session.refreshToken).expect(401);
      await request(t.http).post(`/api/townships/${spare.id}/enable`).set(as(w.tokens.audA)).expect(200);
      // Enabling again does not bring the old sessions back.
      await request(t.http).get('/api/me').set(as(session.accessToken)).expect(401);
      expect((await refresh(session.refreshToken).expect(401)).body.error.code).toBe('INVALID_REFRESH_TOKEN');
      await login('sparetown', 'spare-town-pw-2024').expect(200);
    });

    it('refuses weak passwords for new accounts with a Chinese reason', async () => {
      const common = await request(t.http).post('/api/users').set(as(w.tokens.audA)).send({ username: 'weakling', password: 'password123', role: 'township', townshipId: w.owned.A2.township.id }).expect(400);
      expect(common.body.error).toMatchObject({ code: 'WEAK_PASSWORD', message: expect.stringContaining('常见密码') });
      const short = await request(t.http).post('/api/users').set(as(w.tokens.audA)).send({ username: 'weakling', password: 'Xy7#kq2', role: 'township', townshipId: w.owned.A2.township.id }).expect(400);
      expect(short.body.error.message).toContain('至少需要 10 个字符');
    });
  });
});
