import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { QUEUES } from '@app/queue';
import { AuditLog, Checklist, ChecklistTemplate, TemplateObligation } from '@app/persistence';
import { ChecklistRecomputeService } from '../../apps/worker/src/checklist/checklist-recompute.service';
import { ChecklistStore } from '../../apps/worker/src/checklist/checklist-store';
import { createTestApp, type TestApp } from './app-harness';
import { YEAR, buildWorld, type World } from './world';

jest.setTimeout(90_000);

/**
 * Template ownership: the national default is the admins'; a county derives its own and only its auditors (and
 * admins) change it. A change recomputes exactly the checklists made from the changed version and is logged under
 * each county it touches.
 */
describe('templates scoped to a county', () => {
  let t: TestApp;
  let w: World;
  let queue: Queue;
  let recompute: ChecklistRecomputeService;
  let countyTemplateId: string;
  const as = (token: string | null) => ({ authorization: `Bearer ${token}` });
  const obligation = (templateId: string, obligationId: string) => t.ds.getRepository(TemplateObligation).findOneByOrFail({ templateId, obligationId });
  const checklistOf = (owner: 'A1' | 'A2' | 'B1') => t.ds.getRepository(Checklist).findOneByOrFail({ townshipId: w.owned[owner].township.id, year: YEAR });

  /** The townships of a county that have a checklist for the year. */
  const withChecklist = async (countyId: string): Promise<string[]> =>
    (await t.ds.query('SELECT c.township_id FROM checklists c JOIN townships t ON t.id = c.township_id WHERE t.county_id = $1 AND c.year = $2', [countyId, YEAR]))
      .map((r: { township_id: string }) => r.township_id)
      .sort();

  /** The recompute jobs the api added since the last call, as township ids; then runs them as the worker would. */
  async function recomputeJobs(): Promise<string[]> {
    const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized']);
    await queue.drain(true);
    const townships = jobs.map((j) => (j.data as { townshipId: string; year: number }).townshipId).sort();
    for (const j of jobs) await recompute.recompute(j.data.townshipId, j.data.year, new Date(`${YEAR + 1}-03-01T00:00:00Z`));
    return townships;
  }

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    queue = t.app.get<Queue>(getQueueToken(QUEUES.checklist));
    await queue.drain(true);
    recompute = new ChecklistRecomputeService(t.config, t.ds, { now: () => new Date(`${YEAR + 1}-03-01T00:00:00Z`) }, new ChecklistStore());
    for (const o of ['A1', 'A2', 'B1'] as const) await recompute.recompute(w.owned[o].township.id, YEAR, new Date(`${YEAR + 1}-03-01T00:00:00Z`));
  });
  afterAll(() => t?.close());

  it("counts a version's checklists and submitted annual reports in the reader's county; a withdrawn, unreadable, not-a-report or year-unconfirmed one no longer counts", async () => {
    const listed = async (token: string | null) =>
      (await request(t.http).get('/api/templates').set(as(token)).expect(200)).body.find((x: { id: string }) => x.id === w.templateId) as { checklistCount: number; reportCount: number; countyId: string | null };
    expect(await listed(w.tokens.audA)).toMatchObject({ countyId: null, checklistCount: 2, reportCount: 2 });
    expect(await listed(w.tokens.admin)).toMatchObject({ checklistCount: 3, reportCount: 3 });
    await t.ds.query('UPDATE submissions SET withdrawn_at = now() WHERE id = $1', [w.owned.A2.submission.id]);
    try {
      expect(await listed(w.tokens.audA)).toMatchObject({ checklistCount: 2, reportCount: 1 });
    } finally {
      await t.ds.query('UPDATE submissions SET withdrawn_at = NULL WHERE id = $1', [w.owned.A2.submission.id]);
    }
    // The one "counts as submitted" rule: the matrix says 未报送 for A2 exactly when the template list leaves it out.
    const a2Reported = async () =>
      (await request(t.http).get(`/api/counties/${w.counties.A.id}/matrix?year=${YEAR}`).set(as(w.tokens.audA)).expect(200)).body.townships
        .find((r: { townshipId: string }) => r.townshipId === w.owned.A2.township.id).reportStatus;
    for (const status of ['failed', 'rejected_not_report', 'needs_year_confirmation']) {
      await t.ds.query('UPDATE submissions SET status = $2 WHERE id = $1', [w.owned.A2.submission.id, status]);
      try {
        expect({ status, listed: await listed(w.tokens.audA), matrix: await a2Reported() }).toMatchObject({ status, listed: { checklistCount: 2, reportCount: 1 }, matrix: 'not_submitted' });
      } finally {
        await t.ds.query(`UPDATE submissions SET status = 'analyzed' WHERE id = $1`, [w.owned.A2.submission.id]);
      }
    }
    expect(await listed(w.tokens.audA)).toMatchObject({ checklistCount: 2, reportCount: 2 });
    expect(await a2Reported()).toBe('submitted');
  });

  it('keeps the default read-only to auditors: 403, nothing changed, nothing recomputed', async () => {
    const before = await obligation(w.templateId, 'annual_report_submission');
    const res = await request(t.http).patch(`/api/templates/${w.templateId}/obligations/annual_report_submission`).set(as(w.tokens.audA)).send({ weight: 40 }).expect(403);
    expect(res.body.error).toMatchObject({ code: 'DEFAULT_TEMPLATE_READ_ONLY', status: 403 });
    expect(res.body.error.message).toMatch(/管理员/);
    await request(t.http).post(`/api/templates/${w.templateId}/next-year`).set(as(w.tokens.audA)).expect(403);
    expect(await obligation(w.templateId, 'annual_report_submission')).toEqual(before);
    expect(await recomputeJobs()).toEqual([]);
  });

  it('lets a county derive its own template for the year: its checklists move to it, the other county\'s stay', async () => {
    const res = await request(t.http).post(`/api/counties/${w.counties.A.id}/templates`).set(as(w.tokens.audA)).send({ year: YEAR, from: 'default' }).expect(201);
    countyTemplateId = res.body.id;
    expect(res.body).toMatchObject({ year: YEAR, countyId: w.counties.A.id, derivedFromId: w.templateId });
    expect(res.body.obligations).toHaveLength(53);
    expect((await checklistOf('A1')).templateId).toBe(countyTemplateId);
    expect((await checklistOf('A2')).templateId).toBe(countyTemplateId);
    expect((await checklistOf('B1')).templateId).toBe(w.templateId);
    // Deriving gives every active township of the county its checklist on the county's template (the spare ones too).
    const countyA = await withChecklist(w.counties.A.id);
    expect(countyA).toEqual([w.owned.A1.township.id, w.owned.A1.spareTownship.id, w.owned.A2.township.id, w.owned.A2.spareTownship.id].sort());
    expect(await recomputeJobs()).toEqual([w.owned.A1.township.id, w.owned.A2.township.id].sort()); // the ones that moved
    const log = await t.ds.getRepository(AuditLog).findOneByOrFail({ action: 'template.derive_county' });
    expect(log.countyId).toBe(w.counties.A.id);
    // Another county neither sees nor lists it.
    const listedByB: { id: string }[] = (await request(t.http).get('/api/templates').set(as(w.tokens.audB)).expect(200)).body;
    expect(listedByB.map((x) => x.id)).not.toContain(countyTemplateId);
    expect(listedByB.map((x) => x.id)).toContain(w.templateId);
    const listedByA: { id: string }[] = (await request(t.http).get('/api/templates').set(as(w.tokens.audA)).expect(200)).body;
    expect(listedByA.map((x) => x.id)).toContain(countyTemplateId);
  });

  it('refuses another county\'s auditor and townships: 404 / 403, nothing changed', async () => {
    const before = await obligation(countyTemplateId, 'annual_report_submission');
    await request(t.http).get(`/api/templates/${countyTemplateId}`).set(as(w.tokens.audB)).expect(404);
    const foreign = await request(t.http).patch(`/api/templates/${countyTemplateId}/obligations/annual_report_submission`).set(as(w.tokens.audB)).send({ weight: 40 }).expect(404);
    expect(foreign.body.error.code).toBe('TEMPLATE_NOT_FOUND');
    await request(t.http).post(`/api/templates/${countyTemplateId}/next-year`).set(as(w.tokens.audB)).expect(404);
    await request(t.http).post(`/api/counties/${w.counties.A.id}/templates`).set(as(w.tokens.audB)).send({ year: YEAR, from: 'default' }).expect(404);
    await request(t.http).patch(`/api/templates/${countyTemplateId}/obligations/annual_report_submission`).set(as(w.tokens.townA1)).send({ weight: 40 }).expect(403);
    expect(await obligation(countyTemplateId, 'annual_report_submission')).toEqual(before);
    expect(await t.ds.getRepository(ChecklistTemplate).countBy({ countyId: w.counties.A.id })).toBe(1);
    expect(await recomputeJobs()).toEqual([]);
  });

  it('recomputes only the county whose template changed, logged under that county', async () => {
    const [a1, b1] = [await checklistOf('A1'), await checklistOf('B1')];
    expect(a1.score).toBe(b1.score); // same documents, same default weights so far
    await request(t.http).patch(`/api/templates/${countyTemplateId}/obligations/annual_report_submission`).set(as(w.tokens.audA)).send({ weight: 50 }).expect(200);
    expect(await recomputeJobs()).toEqual(await withChecklist(w.counties.A.id));
    const [a1After, b1After] = [await checklistOf('A1'), await checklistOf('B1')];
    expect(a1After.score).toBeGreaterThan(a1.score);
    expect(b1After.score).toBe(b1.score);
    expect(b1After.recomputedAt).toEqual(b1.recomputedAt);
    const logs = await t.ds.getRepository(AuditLog).findBy({ action: 'template.update_obligation' });
    expect(logs.map((l) => l.countyId)).toEqual([w.counties.A.id]);
  });

  it('lets the admin change the default, which reaches the counties without their own template only', async () => {
    const [a1, b1] = [await checklistOf('A1'), await checklistOf('B1')];
    await request(t.http).patch(`/api/templates/${w.templateId}/obligations/annual_report_submission`).set(as(w.tokens.admin)).send({ weight: 30 }).expect(200);
    expect(await recomputeJobs()).toEqual([w.owned.B1.township.id]);
    const [a1After, b1After] = [await checklistOf('A1'), await checklistOf('B1')];
    expect(b1After.score).toBeGreaterThan(b1.score);
    expect(a1After.score).toBe(a1.score);
    expect(a1After.recomputedAt).toEqual(a1.recomputedAt);
    const logs = await t.ds.getRepository(AuditLog).findBy({ action: 'template.update_obligation' });
    expect(logs.map((l) => l.countyId).sort()).toEqual([w.counties.A.id, w.counties.B.id].sort());
    // County A's auditor sees the entry about its own change only, B's auditor the admin's.
    const seenByB: { items: { action: string; countyId: string }[] } = (await request(t.http).get('/api/audit-log?pageSize=200').set(as(w.tokens.audB)).expect(200)).body;
    expect(seenByB.items.filter((e) => e.action === 'template.update_obligation')).toHaveLength(1);
  });

  it('carries a county template into next year for that county only, and derives from the previous year on request', async () => {
    const next = (await request(t.http).post(`/api/templates/${countyTemplateId}/next-year`).set(as(w.tokens.audA)).expect(201)).body;
    expect(next).toMatchObject({ year: YEAR + 1, countyId: w.counties.A.id, derivedFromId: countyTemplateId });
    expect(next.obligations.find((o: any) => o.obligationId === 'annual_report_submission').weight).toBe(50);
    const nextYear = async (townshipId: string) => t.ds.getRepository(Checklist).findOneBy({ townshipId, year: YEAR + 1 });
    expect((await nextYear(w.owned.A1.township.id))!.templateId).toBe(next.id);
    expect((await nextYear(w.owned.B1.township.id))?.templateId ?? null).not.toBe(next.id);
    await recomputeJobs();

    const fromPrevious = (await request(t.http).post(`/api/counties/${w.counties.A.id}/templates`).set(as(w.tokens.audA)).send({ year: YEAR + 1, from: 'previous_year' }).expect(201)).body;
    expect(fromPrevious).toMatchObject({ year: YEAR + 1, countyId: w.counties.A.id, derivedFromId: countyTemplateId });
    expect(fromPrevious.version).toBeGreaterThan(next.version);
    expect((await nextYear(w.owned.A2.township.id))!.templateId).toBe(fromPrevious.id);
    const missing = await request(t.http).post(`/api/counties/${w.counties.A.id}/templates`).set(as(w.tokens.audA)).send({ year: 2001, from: 'default' }).expect(400);
    expect(missing.body.error.code).toBe('NO_SOURCE_TEMPLATE');
    await recomputeJobs();
  });
});
