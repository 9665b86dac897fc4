import { createHash } from 'node:crypto';
import { evidencedObligations, judgeCommitments, type CommitmentFacts, type DueYearDocuments, type PlanItemRow } from './judge-commitments';
import { textSubjects } from './findings';

const plan = (id: string, obligationIds: string[], dueDate: string, extra: Partial<PlanItemRow> = {}): PlanItemRow => ({
  id,
  text: `计划${id}`,
  obligationIds,
  target: null,
  dueDate,
  overrideStatus: null,
  ...extra,
});

/** 2024's checklist: a and b shown, e accepted; c missing, d's evidence rejected, f waived. */
const ITEMS: DueYearDocuments['items'] = [
  { obligationId: 'a', decision: null, autoStatus: 'auto_evidenced' },
  { obligationId: 'b', decision: null, autoStatus: 'below_threshold' },
  { obligationId: 'c', decision: null, autoStatus: 'missing' },
  { obligationId: 'd', decision: 'rejected', autoStatus: 'auto_evidenced' },
  { obligationId: 'e', decision: 'accepted', autoStatus: 'missing' },
  { obligationId: 'f', decision: 'waived', autoStatus: 'missing' },
];
const DUE: DueYearDocuments = {
  items: ITEMS,
  metrics: [{ obligationId: 'g', key: 'sessions', value: 8, unit: '次' }],
  text: '一、主要成效\n矛盾纠纷排查力度不够的问题已整改到位。\n二、存在问题\n执法装备配备不到位。',
  problems: [{ text: '执法装备配备不到位', obligationIds: ['c'] }],
};
const NAMES = new Map([
  ['a', 'A项'],
  ['c', 'C项'],
]);
const facts = (over: Partial<CommitmentFacts> = {}): CommitmentFacts => ({
  year: 2024,
  plans: [
    plan('done', ['a', 'b', 'e'], '2024-12-31'),
    plan('half', ['a', 'c'], '2025-12-31'),
    plan('idle', ['c'], '2025-12-31'),
    plan('late', ['c', 'd', 'f'], '2024-12-31'),
    plan('lateHalf', ['a', 'c'], '2024-12-31'),
    plan('forgiven', ['c'], '2024-12-31', { overrideStatus: 'fulfilled' }),
    plan('counted', ['g'], '2025-12-31', { target: { metric: 'sessions', op: '>=', value: 12, unit: '次' } }),
  ],
  problems: [
    { id: 'again', text: '执法装备配备不到位', obligationIds: ['c'] },
    { id: 'fixed', text: '矛盾纠纷排查力度不够', obligationIds: [] },
    { id: 'shown', text: '法治宣传形式单一', obligationIds: ['a'] },
    { id: 'ignored', text: '基层干部法治意识淡薄', obligationIds: ['c'] },
  ],
  due: DUE,
  obligationNames: NAMES,
  today: '2025-03-01',
  ...over,
});

describe('evidencedObligations', () => {
  it('counts what the analysis shows unless rejected, and what an auditor accepted; not a waiver', () => {
    expect([...evidencedObligations(ITEMS)].sort()).toEqual(['a', 'b', 'e']);
  });
});

describe('judgeCommitments', () => {
  it('judges every plan status, the override winning, with notes', () => {
    const j = judgeCommitments(facts());
    expect(j.plans).toEqual([
      { id: 'done', autoStatus: 'fulfilled', status: 'fulfilled', note: '已完成。2024年度法治政府建设报告：已体现：A项、b、e。' },
      { id: 'half', autoStatus: 'partially', status: 'partially', note: '部分完成。2024年度法治政府建设报告：已体现：A项；未体现：C项。' },
      { id: 'idle', autoStatus: 'open', status: 'open', note: '进行中。2024年度法治政府建设报告：未体现：C项。' },
      { id: 'late', autoStatus: 'overdue', status: 'overdue', note: '逾期未完成。2024年度法治政府建设报告：未体现：C项、d、f。' },
      { id: 'lateHalf', autoStatus: 'overdue', status: 'overdue', note: '部分完成，已逾期。2024年度法治政府建设报告：已体现：A项；未体现：C项。' },
      { id: 'forgiven', autoStatus: 'overdue', status: 'fulfilled', note: '逾期未完成。2024年度法治政府建设报告：未体现：C项。' },
      { id: 'counted', autoStatus: 'partially', status: 'partially', note: '部分完成。2024年度法治政府建设报告：未体现：g；目标不少于12次，实际8次。' },
    ]);
  });

  it('judges every problem status', () => {
    expect(judgeCommitments(facts()).problems).toEqual([
      { id: 'again', status: 'recurring', note: '2024年度法治政府建设报告再次列出同类问题：“执法装备配备不到位”。' },
      { id: 'fixed', status: 'rectified', note: '2024年度法治政府建设报告说明已整改：“矛盾纠纷排查力度不够的问题已整改到位”。' },
      { id: 'shown', status: 'rectified', note: '2024年度法治政府建设报告已体现相关工作，视为已整改。' },
      { id: 'ignored', status: 'open', note: '2024年度法治政府建设报告既未说明整改，也未再次提及。' },
    ]);
  });

  it('opens overdue_plan for each overdue plan item not overridden, and unrectified_problem for a problem not addressed', () => {
    const keys = textSubjects('plan', 2023, facts().plans.map((p) => p.text));
    expect(judgeCommitments(facts()).findings).toEqual([
      {
        kind: 'overdue_plan',
        subjectKey: keys[3],
        message: '2023年度报告承诺的“计划late”应于2024年12月31日前完成，现已逾期，2024年度法治政府建设报告未体现完成情况（未体现：C项、d、f）。',
        dueDate: '2024-12-31',
        planItemId: 'late',
        details: { obligationsNotShown: ['c', 'd', 'f'], progress: 'none', partiallyFulfilledButOverdue: false, targetState: 'none', measuredValue: null, overridden: false },
      },
      {
        kind: 'overdue_plan',
        subjectKey: keys[4],
        message: '2023年度报告承诺的“计划lateHalf”应于2024年12月31日前完成，现已逾期，且2024年度法治政府建设报告显示仅部分完成（已体现：A项；未体现：C项）。',
        dueDate: '2024-12-31',
        planItemId: 'lateHalf',
        details: { obligationsNotShown: ['c'], progress: 'partial', partiallyFulfilledButOverdue: true, targetState: 'none', measuredValue: null, overridden: false },
      },
      {
        kind: 'unrectified_problem',
        subjectKey: textSubjects('problem', 2023, facts().problems.map((p) => p.text))[3],
        message: '2023年度报告列出的问题“基层干部法治意识淡薄”，在2024年度法治政府建设报告中既未说明整改情况，也未再次提及，请于下次报告前说明整改情况。',
        dueDate: null,
        problemId: 'ignored',
        details: { obligationIds: ['c'] },
      },
    ]);
  });

  it('before the year has a report: plans open or overdue, problems open and no unrectified finding', () => {
    const j = judgeCommitments(facts({ due: null }));
    expect(j.plans.map((p) => [p.id, p.status])).toEqual([
      ['done', 'overdue'],
      ['half', 'open'],
      ['idle', 'open'],
      ['late', 'overdue'],
      ['lateHalf', 'overdue'],
      ['forgiven', 'fulfilled'],
      ['counted', 'open'],
    ]);
    expect(j.plans[0].note).toBe('已过完成期限，尚无2024年度法治政府建设报告可核验。');
    expect(j.plans[1].note).toBe('待2024年度法治政府建设报告核验。');
    expect(j.problems.map((p) => [p.status, p.note])).toEqual(Array(4).fill(['open', '待2024年度法治政府建设报告核验。']));
    expect(j.findings.map((f) => [f.kind, f.planItemId, f.message])).toEqual(
      ['done', 'late', 'lateHalf'].map((id) => ['overdue_plan', id, `2023年度报告承诺的“计划${id}”应于2024年12月31日前完成，现已逾期，且尚未报送2024年度法治政府建设报告，无法证明已完成。`]),
    );
  });
});

describe('textSubjects', () => {
  it('names a text by the hash of its words without spaces, numbering repeats', () => {
    const hash = createHash('sha1').update('执法装备配备不到位').digest('hex').slice(0, 16);
    expect(textSubjects('problem', 2023, ['执法装备 配备不到位', '执法装备配备不到位', '其他'])).toEqual([
      `problem:2023:${hash}`,
      `problem:2023:${hash}#1`,
      `problem:2023:${createHash('sha1').update('其他').digest('hex').slice(0, 16)}`,
    ]);
  });
});
