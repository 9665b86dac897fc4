import { ensureChecklist } from '@app/persistence';
import { QUEUES, recomputeJob } from '@app/queue';
import { truncateAll } from '../../../../test/support/test-db';
import { SEED, addSubmission, seedText, seedWorld, startWorker, waitFor, type World, type WorkerHarness } from '../../../../test/worker/worker-harness';
import { ChecklistRecomputeService } from '../checklist/checklist-recompute.service';
import { AnalysisRunnerService } from './analysis-runner.service';
import { SubmissionStateService } from './submission-state.service';

const NOW = '2024-02-15T02:00:00Z';

/** A township's report and two evidence files of 2023, as one burst: the files are stored and queued before any analysis. */
describe('coalesced recomputes of a burst', () => {
  let h: WorkerHarness;
  let world: World;
  let runner: AnalysisRunnerService;
  let recomputes: jest.SpyInstance;

  beforeAll(async () => {
    h = await startWorker({ prefix: 'coalesce', now: NOW });
    runner = h.app.get(AnalysisRunnerService);
    recomputes = jest.spyOn(h.app.get(ChecklistRecomputeService), 'recomputeWithin');
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await truncateAll(h.ds);
    world = await seedWorld(h.ds);
    recomputes.mockClear();
  });

  const jinma = () => world.byCode('jinma');
  const files = [
    { fileName: '宪法宣誓记录.txt', obligation: 'constitution_oath', text: '2023年3月，镇人大主席团组织新任命的国家工作人员进行宪法宣誓，5名同志参加宪法宣誓仪式。' },
    { fileName: '照片说明.txt', obligation: 'normdoc_filing_registration', text: '会议现场照片两张。' },
  ];
  /** Adds the report and the evidence files (queued) and returns their ids in upload order. */
  const upload = async (each?: (id: string) => Promise<void>) => {
    const { items } = await ensureChecklist(h.ds.manager, jinma().id, 2023);
    const report = await addSubmission(h.ds, h.files, { townshipId: jinma().id, year: 2023, fileName: SEED.jinma2023, text: seedText(SEED.jinma2023) });
    await each?.(report.id);
    const ids = [report.id];
    for (const f of files) {
      const item = items.find((i) => i.obligationId === f.obligation)!;
      const s = await addSubmission(h.ds, h.files, { townshipId: jinma().id, year: 2023, kind: 'evidence', checklistItemId: item.id, fileName: f.fileName, text: f.text });
      await each?.(s.id);
      ids.push(s.id);
    }
    return ids;
  };
  /** The checklist as a person sees it: item statuses and scores, the total, the open findings. */
  const outcome = async () => ({
    items: await h.ds.query(
      `SELECT i.obligation_id, i.status::text, i.score, i.measured_value FROM checklist_items i JOIN checklists c ON c.id = i.checklist_id
        WHERE c.township_id = $1 AND c.year = 2023 ORDER BY i.obligation_id`,
      [jinma().id],
    ),
    score: (await h.ds.query(`SELECT score FROM checklists WHERE township_id = $1 AND year = 2023`, [jinma().id]))[0].score,
    findings: await h.ds.query(`SELECT kind::text, subject_key, message FROM findings WHERE township_id = $1 AND status = 'open' ORDER BY kind, subject_key`, [jinma().id]),
  });
  const openRequests = async () => (await h.ds.query(`SELECT count(*)::int AS n FROM checklist_recompute_requests`))[0].n as number;
  const recomputedYears = () => recomputes.mock.calls.map((c) => `${c[1] === jinma().id ? 'jinma' : c[1]}:${c[2]}`);

  it('recomputes the township-year once for three submissions pending together, to the same checklist as one by one', async () => {
    const ids = await upload();
    for (const id of ids) expect(await runner.run(id)).toEqual({ result: 'analyzed' });
    expect(recomputedYears()).toEqual(['jinma:2023']);
    expect(await openRequests()).toBe(0);
    const burst = await outcome();

    await truncateAll(h.ds);
    world = await seedWorld(h.ds);
    recomputes.mockClear();
    await upload(async (id) => void expect(await runner.run(id)).toEqual({ result: 'analyzed' }));
    expect(recomputedYears()).toEqual(['jinma:2023', 'jinma:2023', 'jinma:2023']);
    expect(await outcome()).toEqual(burst);
    expect(burst.items.find((i: { obligation_id: string }) => i.obligation_id === 'constitution_oath').status).toBe('auto_evidenced');
  });

  it('leaves a durable request while the burst is pending, and a pending file that fails hands the recompute to the checklist queue', async () => {
    const [report, quoted, photo] = await upload();
    await runner.run(report);
    await runner.run(quoted);
    expect(recomputes).not.toHaveBeenCalled();
    expect(await openRequests()).toBe(1);
    expect((await h.ds.query(`SELECT recomputed_at FROM checklists WHERE township_id = $1 AND year = 2023`, [jinma().id]))[0].recomputed_at).toBeNull();

    await h.app.get(SubmissionStateService).markFailed(photo, 'TEST', '测试失败');
    // The checklist queue's processor runs the recompute and closes the request.
    await waitFor('the released recompute', async () => (await openRequests()) === 0);
    expect(recomputedYears()).toEqual(['jinma:2023']);
    // The request closes in the recompute's transaction; BullMQ completes (and removes) the job only after that commit.
    await waitFor('the recompute job completed and removed', async () => (await h.queue(QUEUES.checklist).getJob(recomputeJob(jinma().id, 2023).opts.jobId)) === undefined);
    expect((await outcome()).items.find((i: { obligation_id: string }) => i.obligation_id === 'constitution_oath').status).toBe('auto_evidenced');
  });

  it('does not wait for a scan queued for OCR', async () => {
    const [report, quoted, photo] = await upload();
    await h.ds.query(`UPDATE submissions SET needs_ocr = true WHERE id = $1`, [photo]);
    await runner.run(report);
    await runner.run(quoted);
    expect(recomputedYears()).toEqual(['jinma:2023']);
    expect(await openRequests()).toBe(0);
  });
});
