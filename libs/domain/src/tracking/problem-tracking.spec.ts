import { judgeProblem } from './problem-tracking';
import { bigramSimilarity } from './text-similarity';

const problem = { text: '执法装备配备不到位，执法记录仪数量不足', obligationIds: ['enforcement_full_record'] };

describe('judgeProblem', () => {
  it('is open, unjudged, without a next report', () => {
    expect(judgeProblem(problem, null)).toMatchObject({ status: 'open', reason: 'no_next_report' });
  });

  it('is recurring when next year names it again', () => {
    const next = { text: '', evidenced: new Set<string>(), problems: [{ text: '执法装备配备仍不到位', obligationIds: ['enforcement_full_record'] }] };
    expect(judgeProblem(problem, next)).toMatchObject({ status: 'recurring', reason: 'named_again' });
  });

  it('is rectified when next year says it was fixed, or evidences its obligations', () => {
    const said = { text: '针对去年执法装备配备不到位的问题，已整改完毕，新购执法记录仪10台。', evidenced: new Set<string>(), problems: [] };
    expect(judgeProblem(problem, said)).toMatchObject({ status: 'rectified', reason: 'stated_rectified' });
    const shown = { text: '', evidenced: new Set(['enforcement_full_record']), problems: [] };
    expect(judgeProblem(problem, shown)).toMatchObject({ status: 'rectified', reason: 'obligations_evidenced' });
  });

  it('is open (unrectified) when next year neither fixes nor mentions it', () => {
    const next = { text: '群众满意度持续提升。', evidenced: new Set<string>(), problems: [{ text: '普法宣传形式单一', obligationIds: ['pufa_activities'] }] };
    expect(judgeProblem(problem, next)).toMatchObject({ status: 'open', reason: 'not_addressed' });
  });

  it('measures wording overlap with character bigrams', () => {
    expect(bigramSimilarity('执法装备配备不到位', '执法装备配备不到位')).toBe(1);
    expect(bigramSimilarity('执法装备配备不到位', '普法宣传形式单一')).toBe(0);
  });
});
