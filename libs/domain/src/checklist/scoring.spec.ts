import { scoreChecklist } from './scoring';

describe('scoreChecklist', () => {
  it('is the weighted share of items met', () => {
    const r = scoreChecklist([
      { weight: 3, status: 'auto_evidenced' },
      { weight: 2, status: 'missing' },
      { weight: 1, status: 'accepted' },
      { weight: 2, status: 'below_threshold' },
    ]);
    expect(r.score).toBe(50);
    expect(r.itemScores).toEqual([3, 0, 1, 0]);
  });

  it('drops waived items from the denominator', () => {
    expect(scoreChecklist([{ weight: 3, status: 'auto_evidenced' }, { weight: 3, status: 'waived' }]).score).toBe(100);
    expect(scoreChecklist([{ weight: 1, status: 'waived' }]).score).toBe(100);
  });

  it('rounds to one decimal and treats rejected as not met', () => {
    expect(scoreChecklist([{ weight: 1, status: 'auto_evidenced' }, { weight: 1, status: 'rejected' }, { weight: 1, status: 'missing' }]).score).toBe(33.3);
  });
});
