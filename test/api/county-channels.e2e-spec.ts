import request from 'supertest';
import { AuditLog, CountyChannelSettings } from '@app/persistence';
import { createTestApp, type TestApp } from './app-harness';
import { buildWorld, type World } from './world';

jest.setTimeout(60_000);

const WECOM = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7c1e-4bc4-97a0-0ec2f1a5a0e1';
const DINGTALK = 'https://oapi.dingtalk.com/robot/send?access_token=6d0e3c1b2a5f47e89c1d2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f3e';
const SECRET = 'SECb2c4e6a8f0d1e3c5a7b9d0f2e4c6a8b0d2f4e6a8c0e2d4f6a8b0c2e4f6a8';

describe('county reminder channels (企业微信, 钉钉)', () => {
  let t: TestApp;
  let w: World;
  const as = (token: string | null) => ({ authorization: `Bearer ${token}` });
  const path = () => `/api/counties/${w.counties.A.id}/channels`;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t?.close());

  it("lets the county's auditor set both robots, stores them, never answers or audits the keys in full", async () => {
    const res = await request(t.http).patch(path()).set(as(w.tokens.audA)).send({ wecomWebhookUrl: WECOM, dingtalkWebhookUrl: DINGTALK, dingtalkSecret: SECRET }).expect(200);
    expect(res.body).toMatchObject({
      countyId: w.counties.A.id,
      wecom: { configured: true, url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…' },
      dingtalk: { configured: true, url: 'https://oapi.dingtalk.com/robot/send?access_token=6d0e…', signed: true },
    });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('693a91f6-7c1e');
    expect(text).not.toContain('6d0e3c1b2a5f');
    expect(text).not.toContain('SECb2c4');

    const stored = await t.ds.getRepository(CountyChannelSettings).findOneByOrFail({ countyId: w.counties.A.id });
    expect(stored).toMatchObject({ wecomWebhookUrl: WECOM, dingtalkWebhookUrl: DINGTALK, dingtalkSecret: SECRET, updatedByUserId: w.users.audA.id });

    const got = await request(t.http).get(path()).set(as(w.tokens.admin)).expect(200);
    expect(got.body).toEqual(res.body);

    const audit = await t.ds.getRepository(AuditLog).find({ where: { action: 'county.channels.update', countyId: w.counties.A.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0].actorUserId).toBe(w.users.audA.id);
    const logged = JSON.stringify([audit[0].before, audit[0].after]);
    expect(logged).toContain('"configured":true');
    expect(logged).not.toContain('693a91f6-7c1e');
    expect(logged).not.toContain('SECb2c4');

    // Omitted fields stay; null stops the DingTalk robot and forgets its secret.
    const cleared = await request(t.http).patch(path()).set(as(w.tokens.admin)).send({ dingtalkWebhookUrl: null }).expect(200);
    expect(cleared.body.wecom.configured).toBe(true);
    expect(cleared.body.dingtalk).toEqual({ configured: false, url: null, signed: false });
    expect(await t.ds.getRepository(CountyChannelSettings).findOneByOrFail({ countyId: w.counties.A.id })).toMatchObject({ wecomWebhookUrl: WECOM, dingtalkWebhookUrl: null, dingtalkSecret: null });
  });

  it.each([
    ['a local address', { wecomWebhookUrl: 'http://127.0.0.1:8080/cgi-bin/webhook/send?key=693a91f6' }, 'INVALID_ROBOT_URL'],
    ['another host', { wecomWebhookUrl: 'https://evil.example.com/cgi-bin/webhook/send?key=693a91f6' }, 'INVALID_ROBOT_URL'],
    ['plain http', { dingtalkWebhookUrl: DINGTALK.replace('https:', 'http:') }, 'INVALID_ROBOT_URL'],
    ['no access token', { dingtalkWebhookUrl: 'https://oapi.dingtalk.com/robot/send' }, 'INVALID_ROBOT_URL'],
    ['not a URL', { wecomWebhookUrl: '企业微信机器人' }, 'INVALID_ROBOT_URL'],
    ['a secret that is not a DingTalk secret', { dingtalkWebhookUrl: DINGTALK, dingtalkSecret: 'hunter2' }, 'INVALID_ROBOT_SECRET'],
  ])('refuses %s with a Chinese reason', async (_label, body, code) => {
    const res = await request(t.http).patch(path()).set(as(w.tokens.audA)).send(body).expect(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(res.body.error.message).toMatch(/企业微信|钉钉/);
  });

  it('is closed to other counties and to township accounts', async () => {
    await request(t.http).patch(path()).set(as(w.tokens.audB)).send({ wecomWebhookUrl: WECOM }).expect(404);
    await request(t.http).get(path()).set(as(w.tokens.audB)).expect(404);
    await request(t.http).patch(path()).set(as(w.tokens.townA1)).send({ wecomWebhookUrl: WECOM }).expect(403);
    await request(t.http).patch(path()).send({ wecomWebhookUrl: WECOM }).expect(401);
  });
});
