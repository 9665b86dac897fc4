import { readFileSync } from 'node:fs';
import request from 'supertest';
import { startDemoCountyWithWorker, type DemoCountyWithWorker } from './demo-county-with-worker';
import type { TestApp } from './app-harness';
import { AuditLog, seedReportPath } from '@app/persistence';

jest.setTimeout(150_000);

/**
 * The review loop (issue 14): the auditor rejects an item, the finding says so and why; the township writes a note or
 * adds a file, the item is back in 待审 and the county's auditors are notified; the auditor accepts the new evidence
 * and the finding closes itself.
 */
describe('a review loop that closes', () => {
  let t: TestApp;
  let demo: DemoCountyWithWorker;
  let town: string;
  let auditor: string;
  let other: string;
  let townshipId: string;
  let itemId: string;
  const as = (token: string) => demo.as(token);
  const login = (username: string) => demo.login(username);
  const checklist = async (token = auditor) => (await request(t.http).get(`/api/townships/${townshipId}/checklists/2023`).set(as(token)).expect(200)).body;
  const item = async (id = itemId, token = auditor) => (await checklist(token)).items.find((i: any) => i.id === id);
  const until = async <T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> => {
    const deadline = Date.now() + ms;
    let v = await what();
    while (!ok(v) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      v = await what();
    }
    return v;
  };
  const findingsOf = async (id: string) => (await request(t.http).get(`/api/findings?townshipId=${townshipId}&pageSize=200`).set(as(auditor)).expect(200)).body.items.filter((f: any) => f.checklistItemId === id);
  const reviewNotices = async () => (await request(t.http).get('/api/notifications').set(as(auditor)).expect(200)).body.filter((n: any) => n.kind === 'review_request');

  beforeAll(async () => {
    demo = await startDemoCountyWithWorker();
    t = demo.t;
    town = await login('jinma');
    other = await login('huangbai');
    auditor = await login('auditor');
    townshipId = (await request(t.http).get('/api/me').set(as(town)).expect(200)).body.townshipId;
    const res = await request(t.http)
      .post(`/api/townships/${townshipId}/submissions`)
      .set(as(town))
      .field('year', '2023')
      .field('kind', 'annual_report')
      .attach('file', readFileSync(seedReportPath('000_cd09f5d6f779e604.txt')), '金马镇2023年法治政府建设年度报告.txt')
      .expect(202);
    const status = await until(
      async () => (await request(t.http).get(`/api/submissions/${res.body.id}`).set(as(town)).expect(200)).body.status,
      (s) => ['analyzed', 'failed'].includes(s),
      90_000,
    );
    expect(status).toBe('analyzed');
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('a finding on a rejected item says it was rejected and why', async () => {
    const evidenced = (await checklist()).items.find((i: any) => i.status === 'auto_evidenced' && i.requirement.kind === 'presence' && !i.obligationId.startsWith('annual_report'));
    itemId = evidenced.id;
    expect(await findingsOf(itemId)).toEqual([]);
    await request(t.http).patch(`/api/checklist-items/${itemId}`).set(as(auditor)).send({ action: 'reject', reason: '引文只是计划，不是已完成的工作' }).expect(200);
    const [finding] = await until(() => findingsOf(itemId), (f) => f.length > 0 && f[0].status === 'open');
    expect(finding.kind).toBe('missing_evidence');
    expect(finding.message).toContain('已驳回');
    expect(finding.message).toContain('引文只是计划，不是已完成的工作');
    expect(finding.message).not.toContain('未见');
    expect(finding.details).toMatchObject({ rejected: true, awaitingReview: false });
  });

  it('a township note on its rejected item shows next to the evidence and puts the item back in 待审, notifying the auditors', async () => {
    expect(await reviewNotices()).toEqual([]);
    // Only the township itself writes its notes.
    await request(t.http).patch(`/api/checklist-items/${itemId}/note`).set(as(auditor)).send({ note: '本年度未发生' }).expect(403);
    await request(t.http).patch(`/api/checklist-items/${itemId}/note`).set(as(other)).send({ note: '本年度未发生' }).expect(404);
    const saved = await request(t.http).patch(`/api/checklist-items/${itemId}/note`).set(as(town)).send({ note: '材料见附件：2023年第3次党委会会议记录' }).expect(200);
    expect(saved.body).toMatchObject({ townshipNote: '材料见附件：2023年第3次党委会会议记录', decision: 'rejected', status: 'rejected' });
    const viewed = await item();
    expect(viewed).toMatchObject({ townshipNote: '材料见附件：2023年第3次党委会会议记录', awaitingReview: true, reviewRequestCause: 'township_note', decision: 'rejected' });
    const notices = await reviewNotices();
    expect(notices).toHaveLength(1);
    expect(notices[0].subject).toContain('金马镇');
    expect(notices[0].body).toContain('待审');
    expect(notices[0].payload).toMatchObject({ checklistItemId: itemId, year: 2023 });
    const actions = (await t.ds.getRepository(AuditLog).find({ where: { entityId: itemId } })).map((l) => l.action);
    expect(actions).toEqual(expect.arrayContaining(['checklist_item.township_note', 'checklist_item.review_requested']));
    const [finding] = await until(() => findingsOf(itemId), (f) => f[0]?.details?.awaitingReview === true);
    expect(finding.message).toContain('等待重新审核');
  });

  it('the auditor deciding again answers the request', async () => {
    const res = await request(t.http).patch(`/api/checklist-items/${itemId}`).set(as(auditor)).send({ action: 'reject', reason: '会议记录未附' }).expect(200);
    expect(res.body.reviewRequestedAt).toBeNull();
    expect(await item()).toMatchObject({ awaitingReview: false, decisionReason: '会议记录未附' });
  });

  it('a new evidence file on the rejected item puts it back in 待审; accepting it clears the rejection and the finding closes itself', async () => {
    const upload = await request(t.http)
      .post(`/api/townships/${townshipId}/submissions`)
      .set(as(town))
      .field('year', '2023')
      .field('kind', 'evidence')
      .field('checklistItemId', itemId)
      .attach('file', Buffer.from('金马镇党委会会议记录。会议研究了法治政府建设工作。', 'utf8'), '会议记录.txt')
      .expect(202);
    expect(await item()).toMatchObject({ awaitingReview: true, reviewRequestCause: 'evidence_file', decision: 'rejected' });
    expect(await reviewNotices()).toHaveLength(2);
    const fileEvidence = await until(
      async () => (await item()).evidence.find((e: any) => e.submissionId === upload.body.id),
      (e) => e !== undefined,
      90_000,
    );
    const scoreBefore = (await checklist()).score;
    await request(t.http).patch(`/api/evidence/${fileEvidence.id}`).set(as(auditor)).send({ reviewState: 'accepted' }).expect(200);
    const after = await item();
    expect(after).toMatchObject({ decision: null, status: 'auto_evidenced', awaitingReview: false });
    expect((await checklist()).score).toBeGreaterThan(scoreBefore);
    const [finding] = await until(() => findingsOf(itemId), (f) => f[0]?.status === 'resolved');
    expect(finding.status).toBe('resolved');
  });

  it('a township answering a finding on an item puts that item back in 待审', async () => {
    const open = (await request(t.http).get(`/api/findings?townshipId=${townshipId}&kind=missing_evidence&status=open&pageSize=200`).set(as(town)).expect(200)).body.items;
    expect(open).toHaveLength(19);
    const target = open[0];
    expect((await item(target.checklistItemId)).awaitingReview).toBe(false);
    await request(t.http).post(`/api/findings/${target.id}/response`).set(as(town)).send({ response: '本年度未发生此类事项' }).expect(200);
    expect(await item(target.checklistItemId)).toMatchObject({ awaitingReview: true, reviewRequestCause: 'finding_response' });
    const notices = await reviewNotices();
    expect(notices).toHaveLength(3);
    expect(notices[0].body).toContain('本年度未发生此类事项');
  });

  it('a township answering a finding about no single item (the report came late) tells the auditors too', async () => {
    // The 2023 report's lateness: the current report year may have its own late_report, depending on when the
    // worker's start-of-year recompute ran.
    const late = (await request(t.http).get(`/api/findings?townshipId=${townshipId}&kind=late_report&status=open&year=2023`).set(as(town)).expect(200)).body.items;
    expect(late).toHaveLength(1);
    await request(t.http).post(`/api/findings/${late[0].id}/response`).set(as(town)).send({ response: '因机构调整延迟报送' }).expect(200);
    const answered = (await request(t.http).get('/api/notifications').set(as(auditor)).expect(200)).body.filter((n: any) => n.kind === 'finding_response');
    expect(answered).toHaveLength(1);
    expect(answered[0].body).toContain('因机构调整延迟报送');
    expect(answered[0].payload).toMatchObject({ findingId: late[0].id });
  });

  it('a file the auditor adds to an item is accepted evidence from the start: its row commits with the submission, and the item counts', async () => {
    const missing = (await checklist()).items.find((i: any) => i.status === 'missing' && i.decision === null && i.requirement.kind === 'presence');
    const res = await request(t.http)
      .post(`/api/checklist-items/${missing.id}/evidence`)
      .set(as(auditor))
      .attach('file', Buffer.from('镇司法所现场核查记录：该项工作已按要求完成。', 'utf8'), '现场核查记录.txt')
      .expect(201);
    expect(res.body.evidence).toMatchObject({ source: 'manual', reviewState: 'accepted', submissionId: res.body.submissionId });
    // One transaction wrote the submission (its creation audit row is never updated) and the accepted evidence, before
    // the analysis job existed: the worker cannot analyse the file without the auditor's acceptance.
    const [{ same }] = await t.ds.query(
      `SELECT a.xmin::text = e.xmin::text AS same FROM audit_log a, evidence e
        WHERE a.action = 'submission.create' AND a.entity_id = $1 AND e.id = $2`,
      [res.body.submissionId, res.body.evidence.id],
    );
    expect(same).toBe(true);
    expect((await demo.settled(res.body.submissionId, auditor, ['analyzed', 'failed'])).status).toBe('analyzed');
    expect((await until(() => item(missing.id), (i) => i.status === 'auto_evidenced'))).toMatchObject({ status: 'auto_evidenced', decision: null });
  });
});
