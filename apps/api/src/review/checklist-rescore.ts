import type { EntityManager } from 'typeorm';
import { effectiveItemStatus, scoreChecklist } from '@app/domain';
import type { AutoItemStatus, ItemDecision } from '@app/persistence';

/**
 * Rescoring a checklist after an auditor's decision, inside the decision's transaction, with the same domain rules
 * the worker's recompute uses (`effectiveItemStatus`, `scoreChecklist` over the checklist template's weights). A
 * decision changes no automatic status, so this gives exactly the score the worker's full recompute will store;
 * what the decision changes besides (findings, the year-over-year judgement) is left to that recompute.
 * The caller holds the township-year lock, so no analysis write or recompute runs between its read and its write.
 */
export async function rescoreChecklist(m: EntityManager, checklistId: string): Promise<number> {
  const rows: { id: string; auto_status: AutoItemStatus; decision: ItemDecision | null; weight: number }[] = await m.query(
    `SELECT ci.id, ci.auto_status::text AS auto_status, ci.decision::text AS decision, o.weight
       FROM checklists c
       JOIN template_obligations o ON o.template_id = c.template_id
       JOIN checklist_items ci ON ci.checklist_id = c.id AND ci.obligation_id = o.obligation_id
      WHERE c.id = $1
      ORDER BY o.position`,
    [checklistId],
  );
  const judged = rows.map((r) => ({ id: r.id, weight: Number(r.weight), status: effectiveItemStatus(r.auto_status, r.decision) }));
  const score = scoreChecklist(judged);
  await m.query(
    `UPDATE checklist_items ci SET status = v.status::item_status, score = v.score, updated_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::float8[]) AS v(id, status, score)
      WHERE ci.id = v.id AND (ci.status::text, ci.score) IS DISTINCT FROM (v.status, v.score)`,
    [judged.map((j) => j.id), judged.map((j) => j.status), score.itemScores],
  );
  await m.query(`UPDATE checklists SET score = $2, updated_at = now() WHERE id = $1`, [checklistId, score.score]);
  return score.score;
}
