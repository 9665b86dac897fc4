import { ApiError, chineseMessage, fieldProblems } from './api/errors';
import { changeLines } from './pages/audit-log/changes';
import { segment } from './pages/report-text/segment';
import { evidenceForm, MAX_UPLOAD_BYTES, precheck } from './pages/submit/precheck';
import { applyReview, canWithdraw } from './pages/township-year/rules';
import { certaintyOf, sortTasks, tasksOf } from './pages/review-queue/tasks';
import type { Schemas } from './api/client';
import { reportCounts } from './pages/overview/report-counts';
import { shortValue, valueVsThreshold } from './pages/township-year/value';
import * as labels from '@app/domain/labels';
import * as catalogue from './catalogue';
import { countdownText, daysUntil, dueDateOf, formatDate, formatScore } from './format';

// The web's pure rules: what a person reads (dates, errors, countdowns, audit changes), what an upload may be, and
// how the report text is cut for marking quotes.

describe('dates in Asia/Shanghai', () => {
  it('reads calendar dates and instants as 2026年3月31日, in Shanghai whatever the machine zone', () => {
    expect(formatDate('2026-03-31')).toBe('2026年3月31日');
    // 16:30 UTC on 31 March is already 1 April in Shanghai.
    expect(formatDate('2026-03-31T16:30:00Z')).toBe('2026年4月1日');
    expect(formatDate(null)).toBe('—');
  });

  it('counts days to a deadline from today in Shanghai', () => {
    const now = new Date('2026-03-30T17:00:00Z'); // 31 March, 01:00 in Shanghai
    expect(daysUntil('2026-03-31', now)).toBe(0);
    expect(countdownText('2026-03-31', now)).toBe('今天截止');
    expect(countdownText('2026-04-10', now)).toBe('还剩 10 天');
    expect(countdownText('2026-03-20', now)).toBe('已逾期 11 天');
  });

  it("places a template's due rule in the year after the report year when it says so", () => {
    expect(dueDateOf({ month: 3, day: 31, yearOffset: 1 }, 2025)).toBe('2026-03-31');
    expect(dueDateOf({ month: 12, day: 31, yearOffset: 0 }, 2025)).toBe('2025-12-31');
  });

  it('shows a missing score as 未报送, never as 0', () => {
    expect(formatScore(null)).toBe('未报送');
    expect(formatScore(0)).toBe('0.0');
  });
});

describe('api errors in Chinese', () => {
  it("shows the api's Chinese message as it is, and maps codes when the message is not Chinese", () => {
    expect(ApiError.from(400, { error: { code: 'REASON_REQUIRED', message: '豁免须说明理由', status: 400 } }).message).toBe('豁免须说明理由');
    expect(ApiError.from(401, { error: { code: 'INVALID_CREDENTIALS', message: 'Invalid credentials', status: 401 } }).message).toBe('用户名或密码错误');
    expect(ApiError.from(502, undefined)).toMatchObject({ code: 'INTERNAL_ERROR', message: '服务器出错了，请稍后再试' });
    expect(chineseMessage('SOMETHING_NEW', 'Something new', 418)).toBe('操作失败（错误 418）');
  });

  it('gives each form field its Chinese reason from validation details and policy refusals', () => {
    const validation = ApiError.from(400, {
      error: {
        code: 'VALIDATION_FAILED',
        message: '请求参数不正确',
        status: 400,
        details: [
          { field: 'newPassword', constraint: 'minLength', message: '新密码至少 10 个字符' },
          { field: 'currentPassword', constraint: 'isString', message: 'currentPassword must be a string' },
        ],
      },
    });
    expect(fieldProblems(validation)).toEqual([
      { field: 'newPassword', message: '新密码至少 10 个字符' },
      // an English detail is never shown: the error's Chinese message stands in
      { field: 'currentPassword', message: '请求参数不正确' },
    ]);
    const weak = ApiError.from(400, { error: { code: 'WEAK_PASSWORD', message: '这是常见密码，容易被猜中，请换一个不常见的密码', status: 400, details: { field: 'password' } } });
    expect(fieldProblems(weak)).toEqual([{ field: 'password', message: '这是常见密码，容易被猜中，请换一个不常见的密码' }]);
    expect(fieldProblems(new Error('x'))).toEqual([]);
  });
});

describe('withdrawing a submission', () => {
  it('lets a township withdraw until the report deadline, county staff at any time, nobody twice', () => {
    expect(canWithdraw('township', {}, '2026-03-31', '2026-03-31')).toBe(true);
    expect(canWithdraw('township', {}, '2026-03-31', '2026-04-01')).toBe(false);
    expect(canWithdraw('township', {}, undefined, '2026-03-01')).toBe(false);
    expect(canWithdraw('auditor', {}, '2026-03-31', '2027-01-01')).toBe(true);
    expect(canWithdraw('admin', { withdrawnAt: '2026-03-01T00:00:00Z' }, '2026-03-31', '2026-03-01')).toBe(false);
  });
});

describe('review answers', () => {
  it("shows the checklist's new score and the item's decision from the answer at once", () => {
    const view = {
      score: 40,
      items: [
        { id: 'a', status: 'auto_evidenced', decision: null },
        { id: 'b', status: 'missing', decision: null },
      ],
    } as unknown as Schemas['ChecklistViewDto'];
    const next = applyReview(view, { id: 'b', status: 'waived', decision: 'waived', decisionReason: '不适用', checklistScore: 62.5 } as Schemas['ReviewedItemDto']);
    expect(next.score).toBe(62.5);
    expect(next.items[1]).toMatchObject({ status: 'waived', decision: 'waived', decisionReason: '不适用' });
    expect(next.items[0]).toBe(view.items[0]);
  });

  it('a comment alone keeps the decision and its time, and opens a question for the township', () => {
    const view = { score: 40, items: [{ id: 'a', status: 'rejected', decision: 'rejected', decidedAt: '2024-03-01T00:00:00Z', openQuestion: false }] } as unknown as Schemas['ChecklistViewDto'];
    const reviewed = { id: 'a', status: 'rejected', decision: 'rejected', decisionReason: '缺合同', comment: '请上传合同', commentAt: '2024-03-02T00:00:00Z', checklistScore: 40 } as Schemas['ReviewedItemDto'];
    expect(applyReview(view, reviewed, false).items[0]).toMatchObject({ decidedAt: '2024-03-01T00:00:00Z', comment: '请上传合同', commentAt: '2024-03-02T00:00:00Z', openQuestion: true });
  });
});

describe('upload checks before sending', () => {
  it('refuses wrong types, empty files and files over the limit, saying the limit', () => {
    expect(precheck({ name: 'report.docx', size: 10 })).toBeNull();
    expect(precheck({ name: 'REPORT.PDF', size: 10 })).toBeNull();
    expect(precheck({ name: 'report.exe', size: 10 })).toContain('不支持的文件类型');
    // Scans and photos are read by OCR; Word 97/WPS and OFD by the worker too.
    for (const name of ['签到表.JPG', 'scan.png', 'scan.tiff', 'photo.webp', 'IMG_0001.HEIC', 'report.doc', 'report.wps', 'report.ofd']) expect(precheck({ name, size: 10 })).toBeNull();
    expect(precheck({ name: 'anim.gif', size: 10 })).toContain('图片（jpg、png、tiff、webp、heic）');
    expect(precheck({ name: 'report.txt', size: 0 })).toBe('文件是空的，请选择有内容的文件');
    expect(precheck({ name: 'report.txt', size: MAX_UPLOAD_BYTES + 1 })).toContain('上限为 50 MB');
  });

  it('offers Word 97, WPS and OFD files as well (the api judges them by content)', () => {
    for (const name of ['报告.doc', '报告.WPS', '报告.ofd']) expect(precheck({ name, size: 10 })).toBeNull();
  });

  it('always sends the checklist item with an evidence file', () => {
    const form = evidenceForm(2025, 'item-1', new Blob(['x']));
    expect(form.get('kind')).toBe('evidence');
    expect(form.get('checklistItemId')).toBe('item-1');
    expect(form.get('year')).toBe('2025');
    expect(() => evidenceForm(2025, '', new Blob(['x']))).toThrow();
  });
});

describe('report text pieces for marking quotes', () => {
  it('cuts at every quote boundary, each piece knowing the quotes that cover it, overlaps included', () => {
    const text = '甲乙丙丁戊己庚';
    const pieces = segment(text, [
      { start: 1, end: 4, evidenceId: 'a', label: 'A' },
      { start: 3, end: 6, evidenceId: 'b', label: 'B' },
    ]);
    expect(pieces.map((p) => [p.text, p.covering.map((r) => r.evidenceId).join('')])).toEqual([
      ['甲', ''],
      ['乙丙', 'a'],
      ['丁', 'ab'],
      ['戊己', 'b'],
      ['庚', ''],
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
  });
});

describe('audit log changes', () => {
  it('lists changed fields before → after in Chinese', () => {
    expect(changeLines({ status: 'auto_evidenced', decision: null }, { status: 'rejected', decision: 'rejected', decisionReason: '缺合同' })).toEqual([
      '状态：已佐证 → 已驳回',
      '审核决定：无 → 驳回',
      '理由：无 → 缺合同',
    ]);
    expect(changeLines({ status: 'queued' }, { status: 'analyzed' })).toEqual(['状态：排队中 → 已分析']);
  });
});

describe('the review queue', () => {
  const evidence = (id: string, over: Partial<Schemas['EvidenceViewDto']>): Schemas['EvidenceViewDto'] =>
    ({ id, source: 'auto', quote: '引文', startOffset: 0, endOffset: 2, section: 'achievements', note: null, confidence: 0.9, ocrConfidence: null, submissionId: 'report', reviewState: 'pending', reviewedBy: null, reviewedAt: null, comment: null, createdAt: '2026-02-01T00:00:00Z', ...over }) as Schemas['EvidenceViewDto'];
  const checklist = (items: { name: string; evidence: Schemas['EvidenceViewDto'][] }[]) =>
    ({
      township: { id: 't1', name: '甲镇' },
      year: 2025,
      recomputedAt: null,
      items: items.map((i, n) => ({ id: `i${n}`, obligationId: `o${n}`, name: i.name, status: 'auto_evidenced', decision: null, decidedAt: null, dueDate: '2026-03-31', awaitingReview: false, reviewRequestedAt: null, evidence: i.evidence })),
    }) as unknown as Parameters<typeof tasksOf>[0];

  it('queues a weak automatic claim with its certainty, never a strong one, and an evidence file always', () => {
    const c = checklist([
      { name: '普法', evidence: [evidence('strong', { confidence: 0.9 }), evidence('weak', { confidence: 0.6, createdAt: '2026-02-03T00:00:00Z' })] },
      { name: '照片佐证', evidence: [evidence('photo', { source: 'ocr', submissionId: 'file', confidence: 0.9, ocrConfidence: 0.55, createdAt: '2026-02-02T00:00:00Z' })] },
    ]);
    const tasks = tasksOf(c, new Set(['file']));
    expect(tasks.map((t) => [t.key, t.kind, t.confidence])).toEqual([
      ['c-weak', '机器把握较低', 0.6],
      ['e-photo', '佐证材料待审', 0.55],
    ]);
  });

  it('sorts by time, or by the weakest reading first with work people wrote last', () => {
    const t = (key: string, since: string, confidence: number | null) => ({ key, kind: '佐证材料待审' as const, township: '甲镇', title: '', since, href: '', confidence });
    const tasks = [t('a', '2026-01-03', 0.7), t('b', '2026-01-01', null), t('c', '2026-01-02', 0.5)];
    expect(sortTasks(tasks, 'oldest').map((x) => x.key)).toEqual(['b', 'c', 'a']);
    expect(sortTasks(tasks, 'confidence').map((x) => x.key)).toEqual(['c', 'a', 'b']);
    expect(certaintyOf({ confidence: 0.9, ocrConfidence: 0.4 })).toBe(0.4);
    expect(certaintyOf({ confidence: null, ocrConfidence: null })).toBeNull();
  });
});

describe('the overview: report states and measured values', () => {
  it('counts each township once by its latest report, in the words used elsewhere; rare states only when present', () => {
    const rows = [{ latestReportStatus: 'analyzed' }, { latestReportStatus: 'analyzed' }, { latestReportStatus: null }, { latestReportStatus: 'queued' }, { latestReportStatus: 'rejected_not_report' }];
    expect(reportCounts(rows).map((c) => `${c.label} ${c.count}`)).toEqual(['未报送 1', '排队中 1', '分析中 0', '已分析 2', '分析失败 0', '非年度报告 1']);
    expect(reportCounts([]).map((c) => c.state)).toEqual(['not_submitted', 'queued', 'analyzing', 'analyzed', 'failed']);
  });

  it('reads a measured value against its threshold, in full for the tooltip and short for a table cell', () => {
    const requirement = { kind: 'rate_min', threshold: 100, unit: 'percent' };
    expect(valueVsThreshold({ measuredValue: 80, requirement })).toBe('测得 80% / 要求 ≥ 100%');
    expect(shortValue({ measuredValue: 80, requirement })).toBe('80 / ≥100%');
    expect(valueVsThreshold({ measuredValue: null, requirement })).toBe('未测得 / 要求 ≥ 100%');
    expect(shortValue({ measuredValue: null, requirement })).toBe('');
    expect(shortValue({ measuredValue: 3, requirement: { kind: 'presence', threshold: null, unit: null } })).toBe('');
  });
});

describe('status words shared with the api (libs/domain/src/labels)', () => {
  it('the web shows the same words as the exports', () => {
    for (const [status, label] of Object.entries(labels.ITEM_STATUS_ZH)) expect(catalogue.ITEM_STATUS[status as keyof typeof labels.ITEM_STATUS_ZH].label).toBe(label);
    for (const [status, label] of Object.entries(labels.SUBMISSION_STATUS_ZH)) expect(catalogue.SUBMISSION_STATUS[status].label).toBe(label);
    expect(catalogue.ITEM_STATUS.accepted.label).toBe('已认可');
    expect(catalogue.SUBMISSION_STATUS.failed).toEqual({ label: '分析失败', tag: 'error' });
  });
});
