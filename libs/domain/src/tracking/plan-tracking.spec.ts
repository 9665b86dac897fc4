import { judgePlanItem, measureTarget, planStatusZh } from './plan-tracking';

const study = { obligationIds: ['pre_meeting_law_study', 'central_group_law_study'], target: null, dueDate: '2024-12-31' };
const training = { obligationIds: ['cadre_law_training_exam'], target: { op: '>=' as const, value: 12, unit: '次' }, dueDate: '2024-12-31' };

describe('judgePlanItem', () => {
  it('is fulfilled when next year evidences every obligation', () => {
    const next = { evidenced: new Set(['pre_meeting_law_study', 'central_group_law_study']), metrics: [] };
    expect(judgePlanItem(study, next, '2025-03-01').status).toBe('fulfilled');
  });

  it('is partially done when only some obligations are evidenced, overdue once past due', () => {
    const next = { evidenced: new Set(['central_group_law_study']), metrics: [] };
    expect(judgePlanItem(study, next, '2024-12-31').status).toBe('partially');
    const late = judgePlanItem(study, next, '2025-01-01');
    expect(late.status).toBe('overdue');
    expect(late.obligationsNotShown).toEqual(['pre_meeting_law_study']);
  });

  it('keeps both facts for an item partly done and past due', () => {
    const next = { evidenced: new Set(['central_group_law_study']), metrics: [] };
    const late = judgePlanItem(study, next, '2025-02-01');
    expect([late.status, late.progress, late.partiallyFulfilledButOverdue]).toEqual(['overdue', 'partial', true]);
    expect(planStatusZh(late)).toBe('部分完成，已逾期');
    // a target partly met counts as partly done too
    const evidenced = new Set(['cadre_law_training_exam']);
    const partlyMet = judgePlanItem(training, { evidenced, metrics: [{ obligationId: 'cadre_law_training_exam', key: 'trainings', value: 5, unit: '次' }] }, '2025-02-01');
    expect([partlyMet.status, partlyMet.progress, partlyMet.partiallyFulfilledButOverdue]).toEqual(['overdue', 'partial', true]);
    // nothing shown and past due is simply overdue
    const none = judgePlanItem(study, { evidenced: new Set(), metrics: [] }, '2025-02-01');
    expect([none.status, none.progress, none.partiallyFulfilledButOverdue]).toEqual(['overdue', 'none', false]);
    expect(planStatusZh(none)).toBe('逾期未完成');
    // before the due date a partly done item is just partially done
    const early = judgePlanItem(study, next, '2024-11-01');
    expect([early.status, early.progress, early.partiallyFulfilledButOverdue, planStatusZh(early)]).toEqual(['partially', 'partial', false, '部分完成']);
  });

  it('is open before the due date and overdue after it when there is no next report', () => {
    expect(judgePlanItem(study, null, '2024-06-01').status).toBe('open');
    expect(judgePlanItem(study, null, '2025-01-01').status).toBe('overdue');
  });

  it('needs the target met when next year states the number', () => {
    const evidenced = new Set(['cadre_law_training_exam']);
    const metric = (value: number) => [{ obligationId: 'cadre_law_training_exam', key: 'trainings', value, unit: '次' }];
    expect(judgePlanItem(training, { evidenced, metrics: metric(12) }, '2025-03-01').status).toBe('fulfilled');
    const partly = judgePlanItem(training, { evidenced, metrics: metric(4) }, '2024-12-01');
    expect([partly.status, partly.targetState, partly.measuredValue]).toEqual(['partially', 'partly', 4]);
    // No number stated: the obligations decide.
    expect(judgePlanItem(training, { evidenced, metrics: [] }, '2025-03-01').status).toBe('fulfilled');
  });

  it('measures by the named metric key, else by unit, taking the largest', () => {
    const metrics = [
      { obligationId: 'cadre_law_training_exam', key: 'trainings', value: 3, unit: '次' },
      { obligationId: 'cadre_law_training_exam', key: 'trainings', value: 5, unit: '次' },
      { obligationId: 'cadre_law_training_exam', key: 'exam_pass_rate', value: 100, unit: '%' },
    ];
    expect(measureTarget(training, metrics)).toBe(5);
    expect(measureTarget({ ...training, target: { metric: 'exam_pass_rate', op: '>=', value: 100, unit: '%' } }, metrics)).toBe(100);
  });
});
