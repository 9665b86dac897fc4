import type { EntityManager } from 'typeorm';

/**
 * Records, in the caller's transaction, that (township, year) must be recomputed (see ChecklistRecomputeRequest).
 * A newer request replaces the time of an older one, so a recompute already running never deletes it.
 */
export async function requestChecklistRecompute(m: EntityManager, townshipId: string, year: number): Promise<void> {
  await m.query(
    `INSERT INTO checklist_recompute_requests (township_id, year, requested_at) VALUES ($1, $2, clock_timestamp())
     ON CONFLICT (township_id, year) DO UPDATE SET requested_at = clock_timestamp()`,
    [townshipId, year],
  );
}

/**
 * The time of the open request for (township, year), read before the recompute reads anything else. As text: a JS
 * Date would drop the microseconds and never match again.
 */
export async function openRecomputeRequest(m: EntityManager, townshipId: string, year: number): Promise<string | null> {
  const rows: { at: string }[] = await m.query(`SELECT requested_at::text AS at FROM checklist_recompute_requests WHERE township_id = $1 AND year = $2`, [townshipId, year]);
  return rows[0]?.at ?? null;
}

/** Done: deletes the request only if nobody asked again since `seen` (then it stays for the next recompute). */
export async function closeRecomputeRequest(m: EntityManager, townshipId: string, year: number, seen: string | null): Promise<void> {
  if (!seen) return;
  await m.query(`DELETE FROM checklist_recompute_requests WHERE township_id = $1 AND year = $2 AND requested_at = $3::timestamptz`, [townshipId, year, seen]);
}
