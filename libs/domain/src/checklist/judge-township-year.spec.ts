import { judgeTownshipYear, type ItemEvidence, type ObligationFacts, type TownshipYearFacts } from './judge-township-year';
import { PUBLICATION_OBLIGATION, SUBMISSION_OBLIGATION } from './report-facts';

const endOfYear = { month: 12, day: 31, yearOffset: 0 };
const obligation = (obligationId: string, extra: Partial<ObligationFacts> = {}): ObligationFacts => ({
  obligationId,
  nameZh: `${obligationId}名`,
  requirementKind: 'presence',
  metricKey: null,
  threshold: null,
  unit: null,
  dueRule: endOfYear,
  weight: 1,
  ...extra,
});
const OBLIGATIONS = [
  obligation(SUBMISSION_OBLIGATION),
  obligation(PUBLICATION_OBLIGATION),
  obligation('leadership', { weight: 2 }),
  obligation('study', { requirementKind: 'metric_min', metricKey: 'sessions', threshold: 12, unit: '次' }),
  obligation('advisor'),
  obligation('village_legal_counsel', { requirementKind: 'rate_min', metricKey: 'coverage_rate', threshold: 100, unit: '%' }),
  obligation('refused'),
  obligation('exempt'),
  obligation('granted'),
];
const item = (obligationId: string, extra: Partial<TownshipYearFacts['items'][number]> = {}) => ({ id: `i-${obligationId}`, obligationId, decision: null, ...extra });
const ev = (obligationId: string, extra: Partial<ItemEvidence> = {}): ItemEvidence => ({
  checklistItemId: `i-${obligationId}`,
  source: 'auto',
  reviewState: 'pending',
  submissionId: 'report-2',
  count: 1,
  ...extra,
});

/** 2024, judged on 2025-03-01: the report (report-2, superseding report-1) was handed in on time and published. */
const facts = (over: Partial<TownshipYearFacts> = {}): TownshipYearFacts => ({
  year: 2024,
  obligations: OBLIGATIONS,
  items: [
    item(SUBMISSION_OBLIGATION),
    item(PUBLICATION_OBLIGATION),
    item('leadership'),
    item('study'),
    item('advisor'),
    item('village_legal_counsel'),
    item('refused', { decision: 'rejected', decisionReason: '照片无法辨认', reviewRequestedAt: null }),
    item('exempt', { decision: 'waived' }),
    item('granted', { decision: 'accepted' }),
  ],
  evidence: [
    ev('leadership', { count: 2 }),
    ev('study'),
    ev('village_legal_counsel'),
    ev('refused'),
    // Not counted: a superseded report's quote, a rejected quote, a rejected manual note.
    ev('advisor', { submissionId: 'report-1' }),
    ev('advisor', { reviewState: 'rejected' }),
    ev('advisor', { source: 'manual', submissionId: null, reviewState: 'rejected' }),
  ],
  metrics: [
    { obligationId: 'study', key: 'sessions', value: 6, unit: '次' },
    { obligationId: 'study', key: 'sessions', value: 8, unit: '次' },
    { obligationId: 'village_legal_counsel', key: 'villages_covered', value: 9, unit: '个' },
    { obligationId: 'village_legal_counsel', key: 'coverage_rate', value: 100, unit: '%' },
  ],
  villageCount: 12,
  reports: {
    currentIds: ['report-2'],
    hasCurrentReport: true,
    submitted: [
      { submittedAt: new Date('2025-02-10T01:00:00Z'), publishedAt: null, publishedUrl: null },
      { submittedAt: new Date('2025-02-20T01:00:00Z'), publishedAt: '2025-02-25', publishedUrl: null },
    ],
  },
  deadlines: { reportSubmitBy: { month: 3, day: 31, yearOffset: 1 }, reportPublishBy: { month: 3, day: 31, yearOffset: 1 } },
  today: '2025-03-01',
  timeZone: 'Asia/Shanghai',
  ...over,
});

describe('judgeTownshipYear', () => {
  it('judges every item status, scores the year and opens item findings', () => {
    const j = judgeTownshipYear(facts());
    expect(j.items.map((i) => [i.obligationId, i.autoStatus, i.status, i.measuredValue, i.score])).toEqual([
      [SUBMISSION_OBLIGATION, 'auto_evidenced', 'auto_evidenced', null, 1],
      [PUBLICATION_OBLIGATION, 'auto_evidenced', 'auto_evidenced', null, 1],
      ['leadership', 'auto_evidenced', 'auto_evidenced', null, 2],
      // the largest stated number
      ['study', 'below_threshold', 'below_threshold', 8, 0],
      ['advisor', 'missing', 'missing', null, 0],
      // 9 of 12 villages, though the report states 100 %
      ['village_legal_counsel', 'below_threshold', 'below_threshold', 75, 0],
      ['refused', 'auto_evidenced', 'rejected', null, 0],
      ['exempt', 'missing', 'waived', null, 0],
      ['granted', 'missing', 'accepted', null, 1],
    ]);
    expect(j.items.every((i) => i.dueDate === '2024-12-31' && i.itemId === `i-${i.obligationId}`)).toBe(true);
    // 5 of 9 points (the waived item counts nowhere)
    expect(j.score).toBe(55.6);
    expect(j.findings).toEqual([
      {
        kind: 'below_threshold',
        subjectKey: 'item:study',
        message: '2024年度“study名”为8次，低于要求的12次（应于2024年12月31日前达到）。',
        dueDate: '2024-12-31',
        checklistItemId: 'i-study',
        details: { obligationId: 'study', measured: 8, threshold: 12 },
      },
      {
        kind: 'missing_evidence',
        subjectKey: 'item:advisor',
        message: '2024年度未见“advisor名”的佐证：年度报告未体现，也没有经认可的证据材料（应于2024年12月31日前完成）。请补充证据材料或在报告中说明。',
        dueDate: '2024-12-31',
        checklistItemId: 'i-advisor',
        details: { obligationId: 'advisor', status: 'missing' },
      },
      {
        kind: 'below_threshold',
        subjectKey: 'item:village_legal_counsel',
        message: '2024年度“village_legal_counsel名”为75%，低于要求的100%（应于2024年12月31日前达到）。',
        dueDate: '2024-12-31',
        checklistItemId: 'i-village_legal_counsel',
        details: { obligationId: 'village_legal_counsel', measured: 75, threshold: 100 },
      },
      {
        kind: 'missing_evidence',
        subjectKey: 'item:refused',
        message: '2024年度“refused名”的佐证经审核未予认可（已驳回，理由：照片无法辨认）。请按审核意见补充或更正材料（应于2024年12月31日前完成）。',
        dueDate: '2024-12-31',
        checklistItemId: 'i-refused',
        details: { obligationId: 'refused', status: 'rejected', rejected: true, decisionReason: '照片无法辨认', awaitingReview: false },
      },
    ]);
  });

  it('counts manual notes and accepted quotes of any document as evidence', () => {
    const evidence = [ev('advisor', { source: 'manual', submissionId: null }), ev('study', { submissionId: 'report-1', reviewState: 'accepted' })];
    const j = judgeTownshipYear(facts({ evidence }));
    const status = new Map(j.items.map((i) => [i.obligationId, i.status]));
    expect([status.get('advisor'), status.get('study'), status.get('leadership')]).toEqual(['auto_evidenced', 'below_threshold', 'missing']);
  });

  it('takes the stated rate when the village count is unknown, and a number at the threshold as met', () => {
    const j = judgeTownshipYear(facts({ villageCount: null, metrics: [{ obligationId: 'study', key: 'sessions', value: 12, unit: '次' }, { obligationId: 'village_legal_counsel', key: 'coverage_rate', value: 100, unit: '%' }] }));
    const by = new Map(j.items.map((i) => [i.obligationId, i]));
    expect([by.get('study')!.status, by.get('study')!.measuredValue]).toEqual(['auto_evidenced', 12]);
    expect([by.get('village_legal_counsel')!.status, by.get('village_legal_counsel')!.measuredValue]).toEqual(['auto_evidenced', 100]);
  });

  it('says an item awaits review once the township acted on the rejection', () => {
    const items = facts().items.map((i) => (i.obligationId === 'refused' ? { ...i, decisionReason: null, reviewRequestedAt: new Date('2025-02-28T00:00:00Z') } : i));
    const refused = judgeTownshipYear(facts({ items })).findings.find((f) => f.subjectKey === 'item:refused')!;
    expect(refused.message).toBe('2024年度“refused名”的佐证经审核未予认可（已驳回）。乡镇已补充说明或材料，等待重新审核。');
    expect(refused.details).toEqual({ obligationId: 'refused', status: 'rejected', rejected: true, decisionReason: null, awaitingReview: true });
  });

  it('opens no item findings before the year\'s report is analysed, and no report findings up to the deadline day', () => {
    const none = { currentIds: [], hasCurrentReport: false, submitted: [] };
    const j = judgeTownshipYear(facts({ reports: none, evidence: [], metrics: [], today: '2025-03-31' }));
    expect(j.findings).toEqual([]);
    expect(j.items.slice(0, 2).map((i) => i.status)).toEqual(['missing', 'missing']);
  });

  it('opens late_report and unpublished_report for a report never handed in', () => {
    const none = { currentIds: [], hasCurrentReport: false, submitted: [] };
    const j = judgeTownshipYear(facts({ reports: none, evidence: [], metrics: [], today: '2025-04-02' }));
    expect(j.findings).toEqual([
      {
        kind: 'late_report',
        subjectKey: 'report',
        message: '2024年度法治政府建设报告应于2025年3月31日前报送，截至2025年4月2日仍未报送。',
        dueDate: '2025-03-31',
        checklistItemId: `i-${SUBMISSION_OBLIGATION}`,
        details: { submittedOn: null },
      },
      {
        kind: 'unpublished_report',
        subjectKey: 'report',
        message: '2024年度法治政府建设报告应于2025年3月31日前向社会公开，截至2025年4月2日报告尚未报送，也未公开。',
        dueDate: '2025-03-31',
        checklistItemId: `i-${PUBLICATION_OBLIGATION}`,
        details: { submitted: false },
      },
    ]);
  });

  it('keeps a late hand-in on record (the day in the county\'s time zone), and chases publication of a submitted report', () => {
    // 2025-03-31T17:00Z is 1 April in Asia/Shanghai.
    const reports = { currentIds: ['report-2'], hasCurrentReport: true, submitted: [{ submittedAt: new Date('2025-03-31T17:00:00Z'), publishedAt: null, publishedUrl: null }] };
    const j = judgeTownshipYear(facts({ reports, today: '2025-04-06' }));
    expect(j.findings.filter((f) => f.subjectKey === 'report')).toEqual([
      {
        kind: 'late_report',
        subjectKey: 'report',
        message: '2024年度法治政府建设报告应于2025年3月31日前报送，实际于2025年4月1日报送，属逾期报送。',
        dueDate: '2025-03-31',
        checklistItemId: `i-${SUBMISSION_OBLIGATION}`,
        details: { submittedOn: '2025-04-01' },
      },
      {
        kind: 'unpublished_report',
        subjectKey: 'report',
        message: '2024年度法治政府建设报告应于2025年3月31日前向社会公开，截至2025年4月6日尚未登记公开日期或公开网址。',
        dueDate: '2025-03-31',
        checklistItemId: `i-${PUBLICATION_OBLIGATION}`,
        details: { submitted: true },
      },
    ]);
    const status = new Map(j.items.map((i) => [i.obligationId, i.status]));
    expect([status.get(SUBMISSION_OBLIGATION), status.get(PUBLICATION_OBLIGATION)]).toEqual(['auto_evidenced', 'missing']);
    // The metadata obligations have their report findings, never a missing_evidence one.
    expect(j.findings.some((f) => f.subjectKey === `item:${PUBLICATION_OBLIGATION}`)).toBe(false);

    const published = { ...reports, submitted: [{ ...reports.submitted[0], publishedUrl: 'https://example.gov.cn/2024.html' }] };
    expect(judgeTownshipYear(facts({ reports: published, today: '2025-04-06' })).findings.filter((f) => f.subjectKey === 'report').map((f) => f.kind)).toEqual(['late_report']);
  });
});
