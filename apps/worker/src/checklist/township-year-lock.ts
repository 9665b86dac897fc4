import type { EntityManager } from 'typeorm';

/**
 * Serialises every write for one township-year across workers: a transaction-scoped advisory lock, released at
 * commit or rollback. Years are locked in ascending order so two transactions never wait on each other in a cycle.
 */
export async function lockTownshipYears(manager: EntityManager, townshipId: string, years: number[]): Promise<void> {
  for (const year of [...new Set(years)].sort((a, b) => a - b)) {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`township-year:${townshipId}:${year}`]);
  }
}
