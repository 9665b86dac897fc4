import { effectiveItemStatus, isItemMet, judgeItem, villageCounselCoverage } from './item-status';

describe('judgeItem', () => {
  const presence = { kind: 'presence' as const, metricKey: null, threshold: null };
  const sessions = { kind: 'metric_min' as const, metricKey: 'sessions', threshold: 12 };
  const rate = { kind: 'rate_min' as const, metricKey: 'coverage_rate', threshold: 100 };

  it('presence: evidenced or missing', () => {
    expect(judgeItem(presence, { evidenced: true, measuredValue: null })).toEqual({ autoStatus: 'auto_evidenced', measuredValue: null });
    expect(judgeItem(presence, { evidenced: false, measuredValue: 5 })).toEqual({ autoStatus: 'missing', measuredValue: null });
  });

  it('metric_min: at or above the threshold, below it, or no number stated', () => {
    expect(judgeItem(sessions, { evidenced: true, measuredValue: 12 }).autoStatus).toBe('auto_evidenced');
    expect(judgeItem(sessions, { evidenced: true, measuredValue: 8 })).toEqual({ autoStatus: 'below_threshold', measuredValue: 8 });
    expect(judgeItem(sessions, { evidenced: true, measuredValue: null })).toEqual({ autoStatus: 'auto_evidenced', measuredValue: null });
    expect(judgeItem(sessions, { evidenced: false, measuredValue: 30 })).toEqual({ autoStatus: 'missing', measuredValue: 30 });
  });

  it('rate_min works like metric_min on percentages', () => {
    expect(judgeItem(rate, { evidenced: true, measuredValue: 100 }).autoStatus).toBe('auto_evidenced');
    expect(judgeItem(rate, { evidenced: true, measuredValue: 87.5 }).autoStatus).toBe('below_threshold');
  });
});

describe('effective status', () => {
  it('lets the decision win and counts accepted and waived as met', () => {
    expect(effectiveItemStatus('missing', 'accepted')).toBe('accepted');
    expect(effectiveItemStatus('auto_evidenced', 'rejected')).toBe('rejected');
    expect(effectiveItemStatus('below_threshold', null)).toBe('below_threshold');
    expect(['auto_evidenced', 'accepted', 'waived'].every((s) => isItemMet(s as never))).toBe(true);
    expect(['missing', 'rejected', 'below_threshold'].some((s) => isItemMet(s as never))).toBe(false);
  });
});

describe('villageCounselCoverage', () => {
  it('divides villages covered by the village count when both are known', () => {
    expect(villageCounselCoverage({ villagesCovered: 7, villageCount: 7, statedRate: null })).toBe(100);
    expect(villageCounselCoverage({ villagesCovered: 5, villageCount: 8, statedRate: 90 })).toBe(62.5);
    expect(villageCounselCoverage({ villagesCovered: 9, villageCount: 8, statedRate: null })).toBe(100);
  });
  it('falls back to the stated rate', () => {
    expect(villageCounselCoverage({ villagesCovered: 7, villageCount: null, statedRate: 95 })).toBe(95);
    expect(villageCounselCoverage({ villagesCovered: null, villageCount: 12, statedRate: null })).toBeNull();
  });
});
