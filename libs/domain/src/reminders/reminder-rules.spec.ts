import { addDays, daysBetween, formatDateZh, todayIn } from './deadlines';
import { dueReminderStages, stageKey } from './reminder-rules';
import { reminderText, escalationText } from './message-templates';

const policy = { daysBefore: [30, 7, 1], escalationDaysOverdue: 14 };
const stagesOn = (today: string) => dueReminderStages('2025-03-31', today, policy).map(stageKey);

describe('dates in Asia/Shanghai', () => {
  it('takes today in the county time zone, not UTC', () => {
    expect(todayIn('Asia/Shanghai', new Date('2025-03-30T16:30:00Z'))).toBe('2025-03-31');
    expect(todayIn('UTC', new Date('2025-03-30T16:30:00Z'))).toBe('2025-03-30');
  });
  it('counts whole days', () => {
    expect(daysBetween('2025-03-24', '2025-03-31')).toBe(7);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(formatDateZh('2025-03-31')).toBe('2025年3月31日');
  });
});

describe('dueReminderStages', () => {
  it('reminds 30, 7 and 1 days before, on the day, and after', () => {
    expect(stagesOn('2025-02-28')).toEqual([]);
    expect(stagesOn('2025-03-01')).toEqual(['d30']);
    expect(stagesOn('2025-03-24')).toEqual(['d7']);
    expect(stagesOn('2025-03-30')).toEqual(['d1']);
    expect(stagesOn('2025-03-31')).toEqual(['d0']);
    expect(stagesOn('2025-04-01')).toEqual(['overdue']);
  });
  it('catches up on a missed run with the stage reached', () => {
    expect(stagesOn('2025-03-10')).toEqual(['d30']);
    expect(stagesOn('2025-03-27')).toEqual(['d7']);
  });
  it('escalates after the configured days overdue, and stops chasing after the lookback', () => {
    expect(stagesOn('2025-04-13')).toEqual(['overdue']);
    expect(stagesOn('2025-04-14')).toEqual(['overdue', 'escalation']);
    expect(stagesOn('2026-06-01')).toEqual([]);
  });
});

describe('reminder texts', () => {
  it('say what is missing and by when', () => {
    const t = reminderText({ kind: 'report_submission', townshipName: '金马镇', year: 2024, dueDate: '2025-03-31', stage: { kind: 'before', days: 7 }, missing: [] });
    expect(t.body).toBe('【法治政府建设】金马镇：2024年度法治政府建设报告应于2025年3月31日前报送，距截止还有7天。尚缺：2024年度法治政府建设报告（尚未上传）。');
    const e = escalationText({ kind: 'checklist_items', townshipName: '金马镇', year: 2024, dueDate: '2024-12-31', stage: { kind: 'escalation', days: 20 }, missing: ['会前学法', '述法'] });
    expect(e.body).toContain('已逾期20天');
    expect(e.body).toContain('尚缺：会前学法、述法');
  });
});
