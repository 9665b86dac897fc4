import type { DataSource, EntityManager } from 'typeorm';

/**
 * Serialises every write for one township-year across processes (api review decisions, worker analysis writes and
 * recomputes): a transaction-scoped advisory lock, released at commit or rollback. Years are locked in ascending
 * order so two transactions never wait on each other in a cycle.
 */
export async function lockTownshipYears(manager: EntityManager, townshipId: string, years: number[]): Promise<void> {
  const keys = [...new Set(years)].sort((a, b) => a - b).map((year) => `township-year:${townshipId}:${year}`);
  // One round trip: a function scan of the array yields (and locks) its elements in order.
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) WITH ORDINALITY AS t(k, i)`, [keys]);
}

/** Names of the session-level locks that keep one periodic task from running twice at once across workers. */
export const TASK_LOCKS = { sweep: 'task:sweep', reminders: 'task:reminders' } as const;

/**
 * Runs `task` while holding a session-level advisory lock on its own connection. With `wait: false` a task already
 * running elsewhere makes this return `{ ran: false }` at once; with `wait: true` it waits its turn.
 */
export async function withTaskLock<T>(ds: DataSource, name: string, task: () => Promise<T>, opts: { wait: boolean }): Promise<{ ran: true; value: T } | { ran: false }> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    if (opts.wait) {
      await runner.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [name]);
    } else {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [name]);
      if (!locked) return { ran: false };
    }
    try {
      return { ran: true, value: await task() };
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [name]).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}
