import { Finding, PlanItem, Problem } from '@app/persistence';
import { truncateAll } from '../../../../test/support/test-db';
import { JINMA_2024_WITHOUT_STUDY } from '../../../../test/worker/reports';
import { SEED, addSubmission, seedText, seedWorld, startWorker, type World, type WorkerHarness } from '../../../../test/worker/worker-harness';
import { AnalysisRunnerService } from '../analysis/analysis-runner.service';
import { ChecklistRecomputeService } from './checklist-recompute.service';

const STUDY_PLAN = /^通过党委理论学习中心组/;

describe('year over year: plan items and problems of 2023 judged by 2024', () => {
  let h: WorkerHarness;
  let world: World;
  let runner: AnalysisRunnerService;
  let recompute: ChecklistRecomputeService;

  beforeAll(async () => {
    h = await startWorker({ prefix: 'yoy', now: '2025-03-01T02:00:00Z' });
    runner = h.app.get(AnalysisRunnerService);
    recompute = h.app.get(ChecklistRecomputeService);
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await truncateAll(h.ds);
    world = await seedWorld(h.ds);
    h.clock.set('2025-03-01T02:00:00Z');
  });

  const jinma = () => world.byCode('jinma');
  const upload2023 = (suffix = '', submittedAt = '2024-02-10T01:00:00Z') =>
    addSubmission(h.ds, h.files, { townshipId: jinma().id, year: 2023, fileName: SEED.jinma2023, text: seedText(SEED.jinma2023) + suffix, publishedAt: '2024-01-02', submittedAt: new Date(submittedAt) });
  const upload2024 = () =>
    addSubmission(h.ds, h.files, { townshipId: jinma().id, year: 2024, fileName: 'jinma-2024.txt', text: JINMA_2024_WITHOUT_STUDY, publishedAt: '2025-02-25', submittedAt: new Date('2025-02-20T01:00:00Z') });

  /** What a person sees, independent of row ids: plan items and problems by text, findings by subject. */
  const outcome = async () => {
    // The current 2023 report is the latest one submitted; its plan items and problems are the ones judged.
    const [{ id: current }] = await h.ds.query(`SELECT id FROM submissions WHERE township_id = $1 AND year = 2023 ORDER BY submitted_at DESC LIMIT 1`, [jinma().id]);
    const plans = await h.ds.query(`SELECT text, status FROM plan_items WHERE submission_id = $1 ORDER BY position`, [current]);
    const problems = await h.ds.query(`SELECT text, status FROM problems WHERE submission_id = $1 ORDER BY position`, [current]);
    // Open findings: resolved rows are history (e.g. "overdue, no 2024 report yet" seen before 2024 arrived).
    const findings = await h.ds.query(`SELECT year, kind, subject_key, message FROM findings WHERE township_id = $1 AND status = 'open' ORDER BY year, kind, subject_key`, [jinma().id]);
    const checklists = await h.ds.query(`SELECT year, score FROM checklists WHERE township_id = $1 ORDER BY year`, [jinma().id]);
    return { plans, problems, findings, checklists };
  };

  it('makes the 2023 study commitment overdue when 2024 omits law study, with a finding for 2024', async () => {
    await runner.run((await upload2023()).id);
    await runner.run((await upload2024()).id);

    const study = (await h.ds.getRepository(PlanItem).findBy({ townshipId: jinma().id, planYear: 2024 })).find((p) => STUDY_PLAN.test(p.text))!;
    expect(study).toMatchObject({ autoStatus: 'overdue', status: 'overdue', obligationIds: ['central_group_law_study'] });
    expect(study.judgementNote).toContain('未体现：');
    const finding = await h.ds.getRepository(Finding).findOneByOrFail({ townshipId: jinma().id, year: 2024, kind: 'overdue_plan', planItemId: study.id });
    expect(finding.status).toBe('open');
    expect(finding.message).toMatch(/^2023年度报告承诺的“通过党委理论学习中心组.*”应于2024年12月31日前完成，现已逾期，2024年度法治政府建设报告未体现完成情况（未体现：.+）。$/);

    const problems = new Map((await h.ds.getRepository(Problem).findBy({ townshipId: jinma().id, year: 2023 })).map((p) => [p.text, p]));
    expect(problems.get('执法装备配备不到位')!.status).toBe('recurring');
    expect(problems.get('对矛盾纠纷和突出问题的排查、解决力度还有待进一步加强')!.status).toBe('rectified');
    const unrectified = await h.ds.getRepository(Finding).findBy({ townshipId: jinma().id, year: 2024, kind: 'unrectified_problem', status: 'open' });
    // the four 2023 shortcomings 2024 neither rectifies nor mentions again
    expect(unrectified.map((f) => f.message.match(/^2023年度报告列出的问题“(.+)”，/)?.[1]).sort()).toEqual(
      [
        '党员干部运用法治思维和法治方式推动发展、化解矛盾、维护稳定的水平不高,行政执法力量依然薄弱',
        '部分村组干部法治意识淡薄,对法治建设的重要性认识不足,法治思维未真正有效落实到位,深入群众程度有限',
        '执法水平有待提高,不能很好的满足实际工作需要',
        // Analyzer 1.3.1 keeps a short shortcoming title with the body on its line: one problem.
        '依法行政意识有待提升。多数干部的法律意识、法治观念与过去相比有较大进步,但部分干部在依法行政与完成上级工作任务相矛盾时,首先服从于完成上级工作任务,没有充分认识依法行政的必要性和重要性',
      ].sort(),
    );
    expect(unrectified.every((f) => /在2024年度法治政府建设报告中既未说明整改情况，也未再次提及/.test(f.message))).toBe(true);
    expect(unrectified.some((f) => f.message.includes('执法装备'))).toBe(false);
  });

  it('is open before the due date and overdue after it when no 2024 report exists (injected clock)', async () => {
    h.clock.set('2024-06-01T02:00:00Z');
    await runner.run((await upload2023()).id);
    const studyOf = async () => (await h.ds.getRepository(PlanItem).findBy({ townshipId: jinma().id, planYear: 2024 })).find((p) => STUDY_PLAN.test(p.text))!;
    expect((await studyOf()).status).toBe('open');
    expect(await h.ds.getRepository(Finding).countBy({ townshipId: jinma().id, year: 2024, kind: 'overdue_plan' })).toBe(0);

    h.clock.set('2025-01-02T02:00:00Z');
    await recompute.recompute(jinma().id, 2024);
    expect((await studyOf()).status).toBe('overdue');
    const finding = await h.ds.getRepository(Finding).findOneByOrFail({ townshipId: jinma().id, year: 2024, kind: 'overdue_plan', planItemId: (await studyOf()).id });
    expect(finding.message).toContain('且尚未报送2024年度法治政府建设报告');
  });

  it('gives the same result whatever the upload order, and when 2023 is uploaded again', async () => {
    await runner.run((await upload2023()).id);
    await runner.run((await upload2024()).id);
    const forward = await outcome();

    await truncateAll(h.ds);
    world = await seedWorld(h.ds);
    await runner.run((await upload2024()).id);
    await runner.run((await upload2023()).id);
    expect(await outcome()).toEqual(forward);

    // A corrected 2023 file (new bytes, same content) supersedes the first one; nothing changes for people.
    await runner.run((await upload2023('\n', '2024-03-01T01:00:00Z')).id);
    expect(await outcome()).toEqual(forward);
  });

  it('lets an auditor override win, and resolves the finding', async () => {
    await runner.run((await upload2023()).id);
    await runner.run((await upload2024()).id);
    const study = (await h.ds.getRepository(PlanItem).findBy({ townshipId: jinma().id, planYear: 2024 })).find((p) => STUDY_PLAN.test(p.text))!;
    await h.ds.getRepository(PlanItem).update({ id: study.id }, { overrideStatus: 'fulfilled', overrideReason: '已提供学习记录' });
    await recompute.recompute(jinma().id, 2023);
    expect(await h.ds.getRepository(PlanItem).findOneByOrFail({ id: study.id })).toMatchObject({ status: 'fulfilled', autoStatus: 'overdue' });
    const finding = await h.ds.getRepository(Finding).findOneByOrFail({ townshipId: jinma().id, year: 2024, kind: 'overdue_plan', planItemId: study.id });
    expect(finding.status).toBe('resolved');
    expect(finding.resolvedAt).not.toBeNull();

    // Withdrawn override: the finding reopens (same row).
    await h.ds.getRepository(PlanItem).update({ id: study.id }, { overrideStatus: null });
    await recompute.recompute(jinma().id, 2024);
    expect(await h.ds.getRepository(Finding).findOneByOrFail({ id: finding.id })).toMatchObject({ status: 'open', resolvedAt: null });
  });
});

describe('report deadlines and thresholds', () => {
  let h: WorkerHarness;
  let world: World;
  let runner: AnalysisRunnerService;
  let recompute: ChecklistRecomputeService;

  beforeAll(async () => {
    h = await startWorker({ prefix: 'deadlines', now: '2025-03-01T02:00:00Z' });
    runner = h.app.get(AnalysisRunnerService);
    recompute = h.app.get(ChecklistRecomputeService);
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await truncateAll(h.ds);
    world = await seedWorld(h.ds);
  });

  it('opens late_report and unpublished_report after the deadlines, and keeps a late submission on record', async () => {
    const huangbai = world.byCode('huangbai');
    h.clock.set('2025-03-31T15:00:00Z'); // 23:00 in Asia/Shanghai: still the deadline day
    await recompute.recompute(huangbai.id, 2024);
    expect(await h.ds.getRepository(Finding).countBy({ townshipId: huangbai.id, year: 2024 })).toBe(0);

    h.clock.set('2025-04-02T02:00:00Z');
    await recompute.recompute(huangbai.id, 2024);
    const late = await h.ds.getRepository(Finding).findOneByOrFail({ townshipId: huangbai.id, year: 2024, kind: 'late_report' });
    expect(late.message).toBe('2024年度法治政府建设报告应于2025年3月31日前报送，截至2025年4月2日仍未报送。');
    const unpublished = await h.ds.getRepository(Finding).findOneByOrFail({ townshipId: huangbai.id, year: 2024, kind: 'unpublished_report' });
    expect(unpublished.status).toBe('open');

    const s = await addSubmission(h.ds, h.files, { townshipId: huangbai.id, year: 2024, fileName: SEED.huangbai2023, text: seedText(SEED.huangbai2023), submittedAt: new Date('2025-04-05T02:00:00Z'), yearConfirmed: true });
    h.clock.set('2025-04-06T02:00:00Z');
    await runner.run(s.id);
    expect(await h.ds.getRepository(Finding).findOneByOrFail({ id: late.id })).toMatchObject({ status: 'open', message: '2024年度法治政府建设报告应于2025年3月31日前报送，实际于2025年4月5日报送，属逾期报送。' });
    expect(await h.ds.getRepository(Finding).findOneByOrFail({ id: unpublished.id })).toMatchObject({ status: 'open', message: expect.stringContaining('尚未登记公开日期或公开网址') });

    await h.ds.query(`UPDATE submissions SET published_url = 'https://example.gov.cn/2024.html' WHERE id = $1`, [s.id]);
    await recompute.recompute(huangbai.id, 2024);
    expect((await h.ds.getRepository(Finding).findOneByOrFail({ id: unpublished.id })).status).toBe('resolved');
  });

  it('marks a stated number under the threshold below_threshold with a finding, and a coverage short of all villages', async () => {
    const chadian = world.byCode('chadian'); // 12 villages
    const text = `插甸镇2024年法治政府建设工作报告
一、主要举措和成效
（一）坚持会前学法制度，全年党委会会前学法8次。
（二）推进“一村一法律顾问”工作，9个村聘请了法律顾问。
二、存在问题
学法形式较为单一。
三、2025年工作计划
全年会前学法不少于12次。`;
    const s = await addSubmission(h.ds, h.files, { townshipId: chadian.id, year: 2024, fileName: 'chadian-2024.txt', text, submittedAt: new Date('2025-02-01T00:00:00Z') });
    await runner.run(s.id);
    const items: { obligation_id: string; status: string; measured_value: number | null }[] = await h.ds.query(
      `SELECT ci.obligation_id, ci.status, ci.measured_value FROM checklist_items ci JOIN checklists c ON c.id = ci.checklist_id WHERE c.township_id = $1 AND c.year = 2024 AND ci.obligation_id IN ('pre_meeting_law_study', 'village_legal_counsel')`,
      [chadian.id],
    );
    const by = new Map(items.map((i) => [i.obligation_id, i]));
    expect(by.get('pre_meeting_law_study')).toMatchObject({ status: 'below_threshold', measured_value: 8 });
    expect(by.get('village_legal_counsel')).toMatchObject({ status: 'below_threshold', measured_value: 75 });
    const finding = await h.ds.getRepository(Finding).findOneByOrFail({ townshipId: chadian.id, year: 2024, kind: 'below_threshold', subjectKey: 'item:pre_meeting_law_study' });
    expect(finding.message).toMatch(/^2024年度“会前学法.*”为8次，低于要求的12次（应于2024年12月31日前达到）。$/);
  });
});
