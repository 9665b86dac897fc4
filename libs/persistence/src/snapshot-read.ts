import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs a page's reads in one read-only REPEATABLE READ transaction: every statement sees the database as of the
 * first one. Without it each read sees whatever had committed by then, so a recompute committing between the read
 * of a checklist's score and the read of its items shows a score and statuses that never stood together. A
 * read-only transaction at this level never waits for or fails on a writer.
 */
export function readInOneSnapshot<T>(ds: DataSource, read: (m: EntityManager) => Promise<T>): Promise<T> {
  return ds.transaction('REPEATABLE READ', async (m) => {
    await m.query('SET TRANSACTION READ ONLY');
    return read(m);
  });
}
