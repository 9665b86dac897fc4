import { overduePlanMessage, planJudgementNote } from './message-templates';
import { judgePlanItem } from '../tracking/plan-tracking';

// What an auditor and a township read about last year's commitments: a partly done item past its due date is said to
// be both, never just "not shown".
describe('plan item wording', () => {
  const nameOf = (id: string) => ({ legal_adviser: '法律顾问', pufa: '普法' })[id] ?? id;
  const item = { obligationIds: ['legal_adviser', 'pufa'], target: null, dueDate: '2024-06-30' };
  const partly = judgePlanItem(item, { evidenced: new Set(['legal_adviser']), metrics: [] }, '2024-12-01');

  it('says a partly done, overdue item is both partly done and overdue, naming what is shown and what is not', () => {
    expect(partly.status).toBe('overdue');
    expect(partly.partiallyFulfilledButOverdue).toBe(true);
    const msg = overduePlanMessage({
      madeInYear: 2023,
      text: '实现法律顾问全覆盖并开展普法',
      dueDate: item.dueDate,
      obligationsShown: partly.obligationsShown.map(nameOf),
      obligationsNotShown: partly.obligationsNotShown.map(nameOf),
      hasNextReport: true,
      partiallyDone: partly.partiallyFulfilledButOverdue,
    });
    expect(msg).toBe('2023年度报告承诺的“实现法律顾问全覆盖并开展普法”应于2024年6月30日前完成，现已逾期，且2024年度法治政府建设报告显示仅部分完成（已体现：法律顾问；未体现：普法）。');
    expect(planJudgementNote(partly, { planYear: 2024, nameOf, target: null })).toBe('部分完成，已逾期。2024年度法治政府建设报告：已体现：法律顾问；未体现：普法。');
  });

  it('keeps the plain wording for an overdue item with nothing shown', () => {
    const none = judgePlanItem(item, { evidenced: new Set(), metrics: [] }, '2024-12-01');
    expect(none.partiallyFulfilledButOverdue).toBe(false);
    const msg = overduePlanMessage({ madeInYear: 2023, text: '开展普法', dueDate: item.dueDate, obligationsNotShown: ['普法'], hasNextReport: true, partiallyDone: false });
    expect(msg).toBe('2023年度报告承诺的“开展普法”应于2024年6月30日前完成，现已逾期，2024年度法治政府建设报告未体现完成情况（未体现：普法）。');
  });
});

describe('review loop wording', () => {
  const { itemQuestionNotice, rejectedItemMessage, reviewRequestNotice } = jest.requireActual('./message-templates') as typeof import('./message-templates');

  it('a finding on a rejected item says it was rejected and why, not that evidence is missing', () => {
    const text = rejectedItemMessage({ year: 2023, itemName: '会前学法', dueDate: '2023-12-31', reason: '会议记录未写明学法内容', reviewRequested: false });
    expect(text).toContain('已驳回');
    expect(text).toContain('会议记录未写明学法内容');
    expect(text).not.toContain('未见');
    expect(rejectedItemMessage({ year: 2023, itemName: '会前学法', dueDate: '2023-12-31', reason: null, reviewRequested: true })).toContain('等待重新审核');
  });

  it('tells the auditors which township acted on which item', () => {
    const n = reviewRequestNotice({ townshipName: '金马镇', year: 2023, itemName: '会前学法', cause: 'evidence_file', detail: '会议记录.docx' });
    expect(n.subject).toContain('金马镇');
    expect(n.subject).toContain('待审');
    expect(n.body).toContain('补充了佐证材料：“会议记录.docx”。');
    expect(reviewRequestNotice({ townshipName: '金马镇', year: 2023, itemName: '会前学法', cause: 'question_answered', detail: '共 4 次' }).body).toBe(
      '金马镇就2023年度检查项“会前学法”答复了审核意见：“共 4 次”。该项已回到待审，请审核。',
    );
  });

  it("tells a township the auditor's question on its item", () => {
    const n = itemQuestionNotice({ year: 2023, itemName: '会前学法', comment: ' 全年学法几次？ ' });
    expect(n.subject).toBe('【法治政府建设】2023年度“会前学法”有新的审核意见');
    expect(n.body).toBe('县司法局审核人员就2023年度检查项“会前学法”提出意见：“全年学法几次？”。请在“我的任务”中答复。');
  });
});
