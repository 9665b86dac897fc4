import request from 'supertest';
import { ChecklistItem, Submission } from '@app/persistence';
import { createTestApp, type TestApp } from './app-harness';
import { YEAR, buildWorld, type World } from './world';

jest.setTimeout(90_000);

/**
 * What the overview reads from the matrix beyond statuses: each row's measured values (only where a number was
 * measured, so every township's tooltip can show it without a request per township) with each obligation's
 * requirement, and the status of each township's latest annual report (for counts by status).
 */
describe('the matrix carries measured values and report statuses', () => {
  let t: TestApp;
  let w: World;
  const as = (token: string | null) => ({ authorization: `Bearer ${token}` });
  const matrix = async () => (await request(t.http).get(`/api/counties/${w.counties.A.id}/matrix?year=${YEAR}`).set(as(w.tokens.audA)).expect(200)).body;
  const row = (m: any, townshipId: string) => m.townships.find((r: { townshipId: string }) => r.townshipId === townshipId);

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    const items = t.ds.getRepository(ChecklistItem);
    await items.update({ checklistId: w.owned.A1.checklist.id, obligationId: 'village_legal_counsel' }, { measuredValue: 80 });
    await items.update({ checklistId: w.owned.A1.checklist.id, obligationId: 'pre_meeting_law_study' }, { measuredValue: 2 });
    await items.update({ checklistId: w.owned.B1.checklist.id, obligationId: 'village_legal_counsel' }, { measuredValue: 100 });
  });
  afterAll(() => t?.close());

  it("gives each township's measured values, only where measured, and each obligation's requirement", async () => {
    const m = await matrix();
    expect(row(m, w.owned.A1.township.id).values).toEqual({ village_legal_counsel: 80, pre_meeting_law_study: 2 });
    expect(row(m, w.owned.A2.township.id).values).toEqual({});
    expect(row(m, w.owned.A1.spareTownship.id).values).toEqual({});
    const counsel = m.obligations.find((o: { id: string }) => o.id === 'village_legal_counsel');
    const template = (await request(t.http).get(`/api/templates/${w.templateId}`).set(as(w.tokens.audA)).expect(200)).body.obligations.find(
      (o: { obligationId: string }) => o.obligationId === 'village_legal_counsel',
    );
    expect(counsel.requirement).toEqual({ kind: template.requirementKind, threshold: template.threshold, unit: template.unit });
    expect(m.obligations.find((o: { id: string }) => o.id === 'annual_report_submission').requirement).toEqual({ kind: 'presence', threshold: null, unit: null });
  });

  it("says each township's latest annual report status: none, analysed, or a newer upload still queued", async () => {
    const m = await matrix();
    expect(row(m, w.owned.A1.township.id)).toMatchObject({ latestReportStatus: 'analyzed', reportStatus: 'submitted' });
    expect(row(m, w.owned.A1.spareTownship.id)).toMatchObject({ latestReportStatus: null, reportStatus: 'not_submitted' });
    const first = w.owned.A2.submission;
    const again = await t.ds.getRepository(Submission).save(
      t.ds.getRepository(Submission).create({ ...first, id: undefined, sha256: 'f'.repeat(64), status: 'queued', analyzedAt: null }),
    );
    await t.ds.query(`UPDATE submissions SET submitted_at = now() + interval '1 minute' WHERE id = $1`, [again.id]);
    expect(row(await matrix(), w.owned.A2.township.id)).toMatchObject({ latestReportStatus: 'queued', reportStatus: 'submitted' });
    // Withdrawn reports do not count: the earlier one speaks again.
    await t.ds.query(`UPDATE submissions SET withdrawn_at = now() WHERE township_id = $1 AND status = 'queued'`, [w.owned.A2.township.id]);
    expect(row(await matrix(), w.owned.A2.township.id)).toMatchObject({ latestReportStatus: 'analyzed' });
  });
});
