import request from 'supertest';
import { AuditLog, ChecklistItem } from '@app/persistence';
import { createTestApp, type TestApp } from './app-harness';
import { YEAR, buildWorld, type World } from './world';

jest.setTimeout(90_000);

/**
 * 审核意见 alone (PATCH /checklist-items/:id with action 'comment'): a question to the township that changes neither
 * the status nor the score; the township is notified, sees it as an open question and answers with its note, which
 * puts the item back in 待审 for the auditors. Every step is audit-logged; other counties and townships get 404.
 */
describe('a question on an item, and the township answer', () => {
  let t: TestApp;
  let w: World;
  let itemId: string;
  const as = (token: string | null) => ({ authorization: `Bearer ${token}` });
  const patch = (token: string | null, body: object, id = itemId) => request(t.http).patch(`/api/checklist-items/${id}`).set(as(token)).send(body);
  const viewed = async (token: string | null = w.tokens.audA) =>
    (await request(t.http).get(`/api/townships/${w.owned.A1.township.id}/checklists/${YEAR}`).set(as(token)).expect(200)).body.items.find((i: { id: string }) => i.id === itemId);
  const noticesOf = async (token: string | null, kind: string) =>
    (await request(t.http).get('/api/notifications').set(as(token)).expect(200)).body.filter((n: { kind: string }) => n.kind === kind);
  const auditActions = async () => (await t.ds.getRepository(AuditLog).find({ where: { entityId: itemId }, order: { at: 'ASC' } })).map((l) => l.action);

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    itemId = w.owned.A1.item.id;
  });
  afterAll(() => t?.close());

  it('needs a comment, and is the county’s own: another county’s auditor and townships cannot ask', async () => {
    const missing = await patch(w.tokens.audA, { action: 'comment' }).expect(400);
    expect(missing.body.error).toMatchObject({ code: 'COMMENT_REQUIRED', message: '请填写审核意见' });
    await patch(w.tokens.audA, { action: 'comment', comment: '   ' }).expect(400);
    const other = await patch(w.tokens.audB, { action: 'comment', comment: '请说明' }).expect(404);
    expect(other.body.error.code).toBe('CHECKLIST_ITEM_NOT_FOUND');
    await patch(w.tokens.townA1, { action: 'comment', comment: '请说明' }).expect(403);
    expect(await t.ds.getRepository(ChecklistItem).findOneByOrFail({ id: itemId })).toMatchObject({ comment: null, commentAt: null });
    expect(await auditActions()).toEqual([]);
  });

  it('keeps the status and the score, logs the comment and tells the township', async () => {
    const before = await viewed();
    expect(before).toMatchObject({ status: 'auto_evidenced', decision: null, comment: null, openQuestion: false });
    const res = await patch(w.tokens.audA, { action: 'comment', comment: ' 报告所写“按时提交”是否有报送回执？ ' }).expect(200);
    expect(res.body).toMatchObject({ status: 'auto_evidenced', decision: null, comment: '报告所写“按时提交”是否有报送回执？' });
    expect(res.body.checklistScore).toBe((await request(t.http).get(`/api/townships/${w.owned.A1.township.id}/checklists/${YEAR}`).set(as(w.tokens.audA))).body.score);

    // The township reads it as an open question on its own checklist.
    const seen = await viewed(w.tokens.townA1);
    expect(seen).toMatchObject({ comment: '报告所写“按时提交”是否有报送回执？', openQuestion: true, status: 'auto_evidenced', awaitingReview: false });
    expect(before.commentAt).toBeNull();
    expect(typeof seen.commentAt).toBe('string');

    const [notice] = await noticesOf(w.tokens.townA1, 'item_question');
    expect(notice.subject).toBe(`【法治政府建设】${YEAR}年度“年度报告报送”有新的审核意见`);
    expect(notice.body).toContain('报告所写“按时提交”是否有报送回执？');
    expect(notice.payload).toMatchObject({ checklistItemId: itemId, year: YEAR });
    // Only the township's own accounts are told.
    expect(await noticesOf(w.tokens.townA2, 'item_question')).toEqual([]);

    const [entry] = await t.ds.getRepository(AuditLog).find({ where: { entityId: itemId, action: 'checklist_item.comment' } });
    expect(entry).toMatchObject({ countyId: w.counties.A.id, townshipId: w.owned.A1.township.id });
    expect(entry.before).toMatchObject({ status: 'auto_evidenced', comment: null });
    expect(entry.after).toMatchObject({ status: 'auto_evidenced', decision: null, comment: '报告所写“按时提交”是否有报送回执？' });
  });

  it('the township answers with its note: the question closes and the item is back in 待审 for the auditors', async () => {
    await request(t.http).patch(`/api/checklist-items/${itemId}/note`).set(as(w.tokens.townA2)).send({ note: '有回执' }).expect(404);
    await request(t.http).patch(`/api/checklist-items/${itemId}/note`).set(as(w.tokens.townA1)).send({ note: '有，回执编号 2024-017，已作为佐证上传。' }).expect(200);
    expect(await viewed()).toMatchObject({
      townshipNote: '有，回执编号 2024-017，已作为佐证上传。',
      openQuestion: false,
      awaitingReview: true,
      reviewRequestCause: 'question_answered',
      status: 'auto_evidenced',
    });
    const [notice] = await noticesOf(w.tokens.audA, 'review_request');
    expect(notice.body).toContain('答复了审核意见：“有，回执编号 2024-017，已作为佐证上传。”');
    expect(await noticesOf(w.tokens.audB, 'review_request')).toEqual([]);
    expect(await auditActions()).toEqual(['checklist_item.comment', 'checklist_item.township_note', 'checklist_item.review_requested']);
  });

  it('a follow-up question answers the request for review and opens a new question', async () => {
    await patch(w.tokens.audA, { action: 'comment', comment: '回执请加盖公章后上传。' }).expect(200);
    expect(await viewed()).toMatchObject({ comment: '回执请加盖公章后上传。', openQuestion: true, awaitingReview: false, reviewRequestCause: null });
    expect(await noticesOf(w.tokens.townA1, 'item_question')).toHaveLength(2);
  });
});
