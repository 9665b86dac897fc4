import { Job } from 'bullmq';
import { ChecklistItem, Checklist, Evidence, MetricValue, PlanItem, Problem, Submission, SubmissionText } from '@app/persistence';
import { QUEUES, addJob, analysisJob } from '@app/queue';
import { truncateAll } from '../../../../test/support/test-db';
import { SEED, addSubmission, seedText, seedWorld, startWorker, waitFor, type World, type WorkerHarness } from '../../../../test/worker/worker-harness';
import { AnalysisRunnerService } from './analysis-runner.service';
import { SubmissionStateService } from './submission-state.service';
import { REPORT_ANALYZER, type ReportAnalyzer } from './report-analyzer.port';

const NOW = '2024-02-15T02:00:00Z';

describe('analysis → checklist', () => {
  let h: WorkerHarness;
  let world: World;
  let runner: AnalysisRunnerService;

  beforeAll(async () => {
    h = await startWorker({ prefix: 'analysis', now: NOW });
    runner = h.app.get(AnalysisRunnerService);
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await truncateAll(h.ds);
    world = await seedWorld(h.ds);
  });

  const jinma = () => world.byCode('jinma');
  const itemsByObligation = async (townshipId: string, year: number) => {
    const checklist = await h.ds.getRepository(Checklist).findOneByOrFail({ townshipId, year });
    const items = await h.ds.getRepository(ChecklistItem).findBy({ checklistId: checklist.id });
    return { checklist, items: new Map(items.map((i) => [i.obligationId, i])) };
  };
  const snapshot = async (submissionId: string) => ({
    evidence: (await h.ds.getRepository(Evidence).find({ where: { submissionId }, order: { startOffset: 'ASC', checklistItemId: 'ASC' } })).map((e) => [e.id, e.checklistItemId, e.startOffset, e.endOffset, e.quote, e.reviewState]),
    metrics: (await h.ds.getRepository(MetricValue).find({ where: { submissionId }, order: { startOffset: 'ASC', key: 'ASC' } })).map((m) => [m.obligationId, m.key, m.value, m.startOffset]),
    plans: (await h.ds.getRepository(PlanItem).find({ where: { submissionId }, order: { position: 'ASC' } })).map((p) => [p.id, p.position, p.text, p.obligationIds, p.dueDate]),
    problems: (await h.ds.getRepository(Problem).find({ where: { submissionId }, order: { position: 'ASC' } })).map((p) => [p.id, p.position, p.text]),
  });

  it('analyses 金马镇 2023 into evidence, metrics, plan items, problems and a scored checklist', async () => {
    const s = await addSubmission(h.ds, h.files, { townshipId: jinma().id, year: 2023, fileName: SEED.jinma2023, text: seedText(SEED.jinma2023), publishedAt: '2024-01-02', submittedAt: new Date('2024-02-10T01:00:00Z') });
    expect(await runner.run(s.id)).toEqual({ result: 'analyzed' });

    const row = await h.ds.getRepository(Submission).findOneByOrFail({ id: s.id });
    expect(row.status).toBe('analyzed');
    expect(row.analyzerVersion).toBe(h.app.get<ReportAnalyzer>(REPORT_ANALYZER).version);
    expect(row.analysisMeta).toMatchObject({ detected: { townshipName: '金马镇', reportYear: 2023 }, warnings: [] });
    expect((await h.ds.getRepository(SubmissionText).findOneByOrFail({ submissionId: s.id })).text.length).toBeGreaterThan(3000);

    const { checklist, items } = await itemsByObligation(jinma().id, 2023);
    expect(items.size).toBe(53);
    for (const id of ['enforcement_publicity', 'enforcement_full_record', 'major_enforcement_legal_review']) {
      expect([id, items.get(id)!.status]).toEqual([id, 'auto_evidenced']);
    }
    // 7 of its 7 villages have a legal adviser: coverage 100 %.
    expect(items.get('village_legal_counsel')).toMatchObject({ status: 'auto_evidenced', measuredValue: 100 });
    // Dates, not text: submitted and published.
    expect(items.get('annual_report_submission')!.status).toBe('auto_evidenced');
    expect(items.get('annual_report_publication')!.status).toBe('auto_evidenced');
    expect(items.get('annual_report_submission')!.dueDate).toBe('2024-03-31');
    expect(items.get('leadership_group')!.dueDate).toBe('2023-12-31');
    expect(items.get('enforcement_publicity')!.score).toBe(3);
    expect(checklist.score).toBe(67.9);

    const evidence = await h.ds.getRepository(Evidence).findBy({ submissionId: s.id });
    const text = (await h.ds.getRepository(SubmissionText).findOneByOrFail({ submissionId: s.id })).text;
    for (const e of evidence) expect(text.slice(e.startOffset!, e.endOffset!)).toBe(e.quote);
    expect(await h.ds.getRepository(PlanItem).countBy({ submissionId: s.id, planYear: 2024 })).toBe(10);
    expect(await h.ds.getRepository(Problem).countBy({ submissionId: s.id })).toBe(7);

    // Findings open for items still missing, in Chinese, naming the item and the date.
    const findings: { kind: string; message: string; subject_key: string }[] = await h.ds.query(`SELECT kind, message, subject_key FROM findings WHERE township_id = $1 AND year = 2023 AND status = 'open'`, [jinma().id]);
    const missing = findings.filter((f) => f.kind === 'missing_evidence');
    expect(missing).toHaveLength(19); // of the 53 items, those the report gives no evidence for
    expect(missing[0].message).toMatch(/^2023年度未见“.+”的佐证.*2023年12月31日前/);
    expect(findings.some((f) => f.kind === 'late_report' || f.kind === 'unpublished_report')).toBe(false);
  });

  it('re-analysis gives identical rows and skips a submission already analysed by this version', async () => {
    const s = await addSubmission(h.ds, h.files, { townshipId: jinma().id, year: 2023, fileName: SEED.jinma2023, text: seedText(SEED.jinma2023) });
    await runner.run(s.id);
    const first = await snapshot(s.id);
    expect(await runner.run(s.id)).toEqual({ result: 'skipped', reason: 'up_to_date' });
    await h.ds.query(`UPDATE submissions SET status = 'queued' WHERE id = $1`, [s.id]);
    expect(await runner.run(s.id)).toEqual({ result: 'analyzed' });
    expect(await snapshot(s.id)).toEqual(first);
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM findings WHERE township_id = $1`, [jinma().id]);
    await h.ds.query(`UPDATE submissions SET status = 'queued' WHERE id = $1`, [s.id]);
    await runner.run(s.id);
    const [{ n: again }] = await h.ds.query(`SELECT count(*)::int AS n FROM findings WHERE township_id = $1`, [jinma().id]);
    expect(again).toBe(n);
  });

  it('claims a submission a killed run left analysing without that run\'s pages: the new attempt reads from page one', async () => {
    const s = await addSubmission(h.ds, h.files, { townshipId: jinma().id, year: 2023, fileName: SEED.jinma2023, text: seedText(SEED.jinma2023), status: 'analyzing' });
    await h.ds.query(`UPDATE submissions SET progress = '{"page": 1, "total": 2}', attempts = 1 WHERE id = $1`, [s.id]);
    expect(await h.app.get(SubmissionStateService).claim(s.id)).toMatchObject({ claimed: true });
    expect(await h.ds.getRepository(Submission).findOneByOrFail({ id: s.id })).toMatchObject({ status: 'analyzing', attempts: 2, progress: null });
  });

  it('re-analysis of a changed file leaves exactly the rows a first analysis of the new file writes', async () => {
    // By obligation (not item id) and without ids, so two townships' rows compare.
    const rowsOf = async (submissionId: string) => ({
      evidence: await h.ds.query(
        `SELECT i.obligation_id, e.start_offset, e.end_offset, e.quote, e.section, e.note, e.confidence, e.source::text, e.ocr_confidence, e.review_state::text
           FROM evidence e JOIN checklist_items i ON i.id = e.checklist_item_id WHERE e.submission_id = $1 ORDER BY 1, 2, 3`,
        [submissionId],
      ),
      metrics: await h.ds.query(`SELECT obligation_id, key, value, unit, quote, start_offset, end_offset, year FROM metric_values WHERE submission_id = $1 ORDER BY 1, 2, 6`, [submissionId]),
      plans: await h.ds.query(
        `SELECT position, text, obligation_ids, target, due_date::text, start_offset, end_offset, status::text, plan_year FROM plan_items WHERE submission_id = $1 ORDER BY position`,
        [submissionId],
      ),
      problems: await h.ds.query(`SELECT position, text, obligation_ids, start_offset, end_offset FROM problems WHERE submission_id = $1 ORDER BY position`, [submissionId]),
      text: (await h.ds.query(`SELECT text FROM submission_texts WHERE submission_id = $1`, [submissionId]))[0].text,
    });
    const s = await addSubmission(h.ds, h.files, { townshipId: jinma().id, year: 2023, fileName: SEED.jinma2023, text: seedText(SEED.jinma2023) });
    await runner.run(s.id);
    const before = await rowsOf(s.id);
    // The same submission now holds 黄柏镇's report: kept, updated, deleted and new rows in every table.
    const { key } = await h.files.put(Buffer.from(seedText(SEED.huangbai2023), 'utf8'));
    await h.ds.query(`UPDATE submissions SET status = 'queued', storage_key = $2 WHERE id = $1`, [s.id, key]);
    await runner.run(s.id);
    const changed = await rowsOf(s.id);

    const fresh = await addSubmission(h.ds, h.files, { townshipId: world.byCode('huangbai').id, year: 2023, fileName: SEED.huangbai2023, text: seedText(SEED.huangbai2023) });
    await runner.run(fresh.id);
    const first = await rowsOf(fresh.id);
    expect(changed).toEqual(first);
    expect(changed.plans).not.toEqual(before.plans);
    expect(changed.evidence).not.toEqual(before.evidence);
  });

  it('keeps auditor decisions, reviewed evidence, manual evidence and plan overrides through re-analysis', async () => {
    const s = await addSubmission(h.ds, h.files, { townshipId: jinma().id, year: 2023, fileName: SEED.jinma2023, text: seedText(SEED.jinma2023) });
    await runner.run(s.id);
    const { items } = await itemsByObligation(jinma().id, 2023);
    const ev = h.ds.getRepository(Evidence);
    const publicity = await ev.findOneByOrFail({ submissionId: s.id, checklistItemId: items.get('enforcement_publicity')!.id });
    const fullRecord = await ev.find({ where: { submissionId: s.id, checklistItemId: items.get('enforcement_full_record')!.id } });
    await ev.update({ id: publicity.id }, { reviewState: 'accepted' });
    await ev.update(fullRecord.map((e) => e.id), { reviewState: 'rejected' });
    const missingItem = [...items.values()].find((i) => i.status === 'missing' && i.obligationId !== 'annual_report_publication')!;
    await ev.insert({ checklistItemId: missingItem.id, source: 'manual', note: '镇政府会议纪要第3号', reviewState: 'pending' });
    const waived = [...items.values()].find((i) => i.status === 'missing' && i.id !== missingItem.id && i.obligationId !== 'annual_report_publication')!;
    await h.ds.getRepository(ChecklistItem).update({ id: waived.id }, { decision: 'waived', decisionReason: '本镇无此项职能' });
    const plan = await h.ds.getRepository(PlanItem).findOneOrFail({ where: { submissionId: s.id }, order: { position: 'ASC' } });
    await h.ds.getRepository(PlanItem).update({ id: plan.id }, { overrideStatus: 'fulfilled', overrideReason: '已核实' });

    await h.ds.query(`UPDATE submissions SET status = 'queued' WHERE id = $1`, [s.id]);
    await runner.run(s.id);

    expect((await ev.findOneByOrFail({ id: publicity.id })).reviewState).toBe('accepted');
    for (const e of fullRecord) expect((await ev.findOneByOrFail({ id: e.id })).reviewState).toBe('rejected');
    expect(await ev.countBy({ checklistItemId: missingItem.id, source: 'manual' })).toBe(1);
    const after = (await itemsByObligation(jinma().id, 2023)).items;
    // Every quote for full record rejected → no evidence left → missing (unless another quote came in).
    expect(after.get('enforcement_full_record')!.status).toBe('missing');
    expect(after.get(missingItem.obligationId)!.status).toBe('auto_evidenced');
    expect(after.get(waived.obligationId)).toMatchObject({ status: 'waived', decision: 'waived', score: 0 });
    expect(await h.ds.getRepository(PlanItem).findOneByOrFail({ id: plan.id })).toMatchObject({ overrideStatus: 'fulfilled', status: 'fulfilled' });
  });

  it('warns when the document names another year or township', async () => {
    const s = await addSubmission(h.ds, h.files, { townshipId: world.byCode('chadian').id, year: 2024, fileName: SEED.jinma2023, text: seedText(SEED.jinma2023) });
    await runner.run(s.id);
    const row = await h.ds.getRepository(Submission).findOneByOrFail({ id: s.id });
    const warnings = (row.analysisMeta as { warnings: string[] }).warnings;
    expect(warnings).toEqual([expect.stringContaining('2023年度，与上传时选择的2024年度不一致'), expect.stringContaining('“插甸镇”不一致')]);
  });

  it('turns an evidence file into quotes on its item, or into one pending row for the auditor', async () => {
    const report = await addSubmission(h.ds, h.files, { townshipId: jinma().id, year: 2023, fileName: SEED.jinma2023, text: seedText(SEED.jinma2023) });
    await runner.run(report.id);
    const { items } = await itemsByObligation(jinma().id, 2023);
    const item = items.get('constitution_oath')!;
    const quoted = await addSubmission(h.ds, h.files, {
      townshipId: jinma().id, year: 2023, kind: 'evidence', checklistItemId: item.id, fileName: '宪法宣誓记录.txt',
      text: '2023年3月，镇人大主席团组织新任命的国家工作人员进行宪法宣誓，5名同志参加宪法宣誓仪式。',
    });
    await runner.run(quoted.id);
    const rows = await h.ds.getRepository(Evidence).findBy({ submissionId: quoted.id });
    expect(rows.map((r) => [r.checklistItemId, r.quote]).sort()).toEqual([
      [item.id, '5名同志参加宪法宣誓仪式'],
      [item.id, '镇人大主席团组织新任命的国家工作人员进行宪法宣誓'],
    ]);
    expect((await itemsByObligation(jinma().id, 2023)).items.get('constitution_oath')!.status).toBe('auto_evidenced');

    const other = items.get('normdoc_filing_registration')!;
    const photo = await addSubmission(h.ds, h.files, { townshipId: jinma().id, year: 2023, kind: 'evidence', checklistItemId: other.id, fileName: '照片说明.txt', text: '会议现场照片两张。' });
    await runner.run(photo.id);
    await h.ds.query(`UPDATE submissions SET status = 'queued' WHERE id = $1`, [photo.id]);
    await runner.run(photo.id);
    const fileRows = await h.ds.getRepository(Evidence).findBy({ submissionId: photo.id });
    expect(fileRows).toEqual([expect.objectContaining({ checklistItemId: other.id, quote: null, reviewState: 'pending', source: 'auto', note: expect.stringContaining('《照片说明.txt》') })]);
  });

  describe('through the analysis queue', () => {
    const analyse = (submissionId: string) => addJob(h.queue(QUEUES.analysis), analysisJob(submissionId, 'test', 0));

    it('fails permanently, without retrying, on an unreadable file and says why in Chinese', async () => {
      const s = await addSubmission(h.ds, h.files, { townshipId: jinma().id, year: 2023, fileName: '空白.txt', text: '   \n  ' });
      const job = await analyse(s.id);
      const row = await waitFor('failed', async () => {
        const r = await h.ds.getRepository(Submission).findOneByOrFail({ id: s.id });
        return r.status === 'failed' && r;
      });
      expect(row.errorCode).toBe('EMPTY_FILE');
      expect(row.errorMessage).toContain('《空白.txt》');
      const finished = (await Job.fromId(h.queue(QUEUES.analysis), job.id!))!;
      await waitFor('job failed', async () => (await finished.getState()) === 'failed');
      expect((await Job.fromId(h.queue(QUEUES.analysis), job.id!))!.attemptsMade).toBe(1);
    });
  });
});

describe('transient analyzer failures', () => {
  let h: WorkerHarness;
  let world: World;
  let failuresLeft = 0;
  const real = { version: 'test-flaky', analyzeFile: async (bytes: Uint8Array, name: string) => {
    if (failuresLeft-- > 0) throw new Error('analyzer temporarily unavailable');
    const { analyzeFile } = await import('@app/report-analyzer');
    return analyzeFile(bytes, name);
  } };

  beforeAll(async () => {
    h = await startWorker({ prefix: 'analysis_flaky', now: NOW, analyzer: real });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await truncateAll(h.ds);
    world = await seedWorld(h.ds);
  });
  const add = (submissionId: string) => {
    const job = analysisJob(submissionId, 'test-flaky', 0);
    return addJob(h.queue(QUEUES.analysis), { ...job, opts: { ...job.opts, attempts: 3, backoff: { type: 'fixed', delay: 50 } } });
  };

  it('retries and then succeeds', async () => {
    failuresLeft = 2;
    const s = await addSubmission(h.ds, h.files, { townshipId: world.byCode('jinma').id, year: 2023, fileName: SEED.jinma2023, text: seedText(SEED.jinma2023) });
    await add(s.id);
    const row = await waitFor('analysed', async () => {
      const r = await h.ds.getRepository(Submission).findOneByOrFail({ id: s.id });
      return r.status === 'analyzed' && r;
    });
    expect(row.attempts).toBe(3);
    expect(row.errorMessage).toBeNull();
  });

  it('marks the submission failed when the last attempt fails', async () => {
    failuresLeft = 99;
    const s = await addSubmission(h.ds, h.files, { townshipId: world.byCode('jinma').id, year: 2023, fileName: SEED.jinma2023, text: seedText(SEED.jinma2023) });
    await add(s.id);
    const row = await waitFor('failed', async () => {
      const r = await h.ds.getRepository(Submission).findOneByOrFail({ id: s.id });
      return r.status === 'failed' && r;
    });
    expect(row.errorCode).toBe('ANALYSIS_FAILED');
    expect(row.errorMessage).toContain('多次分析失败');
    failuresLeft = 0;
  });

});
