import type { DataSource, EntityManager } from 'typeorm';
import { truncateAll } from '../../../../test/support/test-db';
import { JINMA_2024_WITHOUT_STUDY } from '../../../../test/worker/reports';
import { SEED, addSubmission, seedText, seedWorld, startWorker, type World, type WorkerHarness } from '../../../../test/worker/worker-harness';
import { AnalysisRunnerService } from '../analysis/analysis-runner.service';
import { ChecklistRecomputeService } from './checklist-recompute.service';

/** Counts the statements each transaction of `ds` sends (queries of its query runner, COMMIT included). */
function countStatements(ds: DataSource): { counts: number[]; restore: () => void } {
  const counts: number[] = [];
  const original = ds.transaction.bind(ds) as (run: (m: EntityManager) => Promise<unknown>) => Promise<unknown>;
  const spy = jest.spyOn(ds, 'transaction').mockImplementation(((run: (m: EntityManager) => Promise<unknown>) =>
    original(async (m) => {
      const qr = m.queryRunner!;
      const index = counts.push(0) - 1;
      const query = qr.query.bind(qr);
      qr.query = ((...args: Parameters<typeof query>) => {
        counts[index]++;
        return query(...args);
      }) as typeof qr.query;
      return run(m);
    })) as never);
  return { counts, restore: () => spy.mockRestore() };
}

describe('statements per recompute', () => {
  let h: WorkerHarness;
  let world: World;
  let runner: AnalysisRunnerService;
  let recompute: ChecklistRecomputeService;

  beforeAll(async () => {
    h = await startWorker({ prefix: 'queries', now: '2025-03-01T02:00:00Z' });
    runner = h.app.get(AnalysisRunnerService);
    recompute = h.app.get(ChecklistRecomputeService);
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await truncateAll(h.ds);
    world = await seedWorld(h.ds);
  });

  it('recomputes a township-year in a fixed number of statements', async () => {
    const jinma = world.byCode('jinma');
    const s2023 = await addSubmission(h.ds, h.files, { townshipId: jinma.id, year: 2023, fileName: SEED.jinma2023, text: seedText(SEED.jinma2023), publishedAt: '2024-01-02', submittedAt: new Date('2024-02-10T01:00:00Z') });
    const s2024 = await addSubmission(h.ds, h.files, { townshipId: jinma.id, year: 2024, fileName: 'jinma-2024.txt', text: JINMA_2024_WITHOUT_STUDY, publishedAt: '2025-02-25', submittedAt: new Date('2025-02-20T01:00:00Z') });
    await runner.run(s2023.id);
    const measure = async (what: () => Promise<unknown>) => {
      const c = countStatements(h.ds);
      try {
        await what();
      } finally {
        c.restore();
      }
      return c.counts;
    };
    // The analysis write of a report (its results, then the township-year recompute in the same transaction): 31
    // before the recompute was cut to the statements below (issue 15).
    expect(await measure(() => runner.run(s2024.id))).toEqual([16]);
    // One transaction each. Before the checklist rules moved to libs/domain (issue 10) these were 32, 33 and 17;
    // then 28, 29 and 16. Now (issue 15) the documents of year − 1..year + 1 (with their metrics) are one read, the
    // commitments of their reports and the texts judged against one more, and every judgement (items, score, plan
    // items, problems, the findings of both years) is written in one statement.
    expect(await measure(() => recompute.recompute(jinma.id, 2023))).toEqual([15]); // 2023's commitments judged against 2024
    expect(await measure(() => recompute.recompute(jinma.id, 2024))).toEqual([14]); // 2023's commitments due in 2024
    expect(await measure(() => recompute.recompute(world.byCode('huangbai').id, 2024))).toEqual([11]); // nothing uploaded
  });
});
