/**
 * Lines up a re-analysis's list (plan items, problems) with the rows a previous analysis stored, so rows an auditor
 * has touched keep their identity: the same text at the same position is the same row (updated in place); the
 * same text at another position carries the old row's manual fields to its new position; the rest is replaced.
 */
export interface PositionalMatch<Old, New> {
  inPlace: { old: Old; next: New; position: number }[];
  fresh: { carriedFrom: Old | null; next: New; position: number }[];
  removed: Old[];
}

export function matchByPositionAndText<Old extends { position: number; text: string }, New extends { text: string }>(
  existing: readonly Old[],
  incoming: readonly New[],
): PositionalMatch<Old, New> {
  const claimed = new Set<Old>();
  const byPosition = new Map(existing.map((o) => [o.position, o]));
  const inPlace: PositionalMatch<Old, New>['inPlace'] = [];
  const pending: { next: New; position: number }[] = [];
  incoming.forEach((next, position) => {
    const old = byPosition.get(position);
    if (old && old.text === next.text) {
      claimed.add(old);
      inPlace.push({ old, next, position });
    } else pending.push({ next, position });
  });
  const fresh = pending.map(({ next, position }) => {
    const carriedFrom = existing.find((o) => !claimed.has(o) && o.text === next.text) ?? null;
    if (carriedFrom) claimed.add(carriedFrom);
    return { carriedFrom, next, position };
  });
  // A carried row is re-inserted at its new position, so its old row goes too.
  const removed = existing.filter((o) => !inPlace.some((p) => p.old === o));
  return { inPlace, fresh, removed };
}
