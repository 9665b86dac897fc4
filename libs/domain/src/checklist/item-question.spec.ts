import { hasOpenQuestion } from './item-question';

describe('an open question on an item', () => {
  const asked = '2024-03-02T08:00:00.000Z';
  it('is a comment the township has not answered since it was written', () => {
    expect(hasOpenQuestion({ comment: '全年学法几次？', commentAt: asked, townshipNoteAt: null })).toBe(true);
    expect(hasOpenQuestion({ comment: '全年学法几次？', commentAt: asked, townshipNoteAt: '2024-03-01T08:00:00.000Z' })).toBe(true);
    expect(hasOpenQuestion({ comment: '全年学法几次？', commentAt: new Date(asked), townshipNoteAt: new Date('2024-03-03T08:00:00.000Z') })).toBe(false);
  });
  it('needs a comment with its time (comments from before the time was kept are not questions)', () => {
    expect(hasOpenQuestion({ comment: null, commentAt: null, townshipNoteAt: null })).toBe(false);
    expect(hasOpenQuestion({ comment: '旧意见', commentAt: null, townshipNoteAt: null })).toBe(false);
  });
});
