import 'reflect-metadata';
import type { Logger, QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@app/config';
import { County, Finding, Township, createDataSource, loadDefaultTemplate, seedDefaultTemplates, seedsDir } from '@app/persistence';
import { truncateAll } from '../../../test/support/test-db';
import { ChecklistsService } from '../../../apps/api/src/checklists/checklists.service';
import { AccessScope } from '../../../apps/api/src/common/access-scope.service';
import type { Principal } from '../../../apps/api/src/common/principal';
import { MatrixExportService } from '../../../apps/api/src/exports/matrix-export.service';
import { FindingsService } from '../../../apps/api/src/findings/findings.service';
import { MatrixService } from '../../../apps/api/src/matrix/matrix.service';
import { ReminderPlannerService } from '../../../apps/worker/src/reminders/reminder-planner.service';
import { NotificationOutboxService } from '../../../apps/worker/src/notifications/notification-outbox.service';
import { generateScaleData } from './generate';
import { seedShapes } from './shapes';

/** Tables that grow with townships × years × obligations: none of the read paths may scan them whole. */
const BIG_TABLES = ['checklists', 'checklist_items', 'evidence', 'submissions', 'metric_values', 'plan_items', 'problems', 'findings', 'notifications'];

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
const walk = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(walk)];

/** Records every SELECT the services send, with its parameters, to EXPLAIN afterwards exactly as it ran. */
class CapturingLogger implements Logger {
  queries: { sql: string; params: unknown[] }[] = [];
  logQuery(query: string, parameters?: unknown[], _runner?: QueryRunner) {
    if (/^\s*(\(\s*)?SELECT/i.test(query)) this.queries.push({ sql: query, params: parameters ?? [] });
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

/**
 * The plan of a query with sequential scans priced out (enable_seqscan = off): a test-sized table is cheaper to scan
 * whole, so on small data the planner's choice says nothing; priced out, a Seq Scan remains only where no index can
 * serve the query at all — which is what must never happen on a table of ten million rows. (`npm run bench:scale
 * -- --generate-only` keeps a full-size database to look at the plans as they are, without this setting.)
 */
async function explain(ds: DataSource, q: { sql: string; params: unknown[] }): Promise<PlanNode[]> {
  const runner = ds.createQueryRunner();
  try {
    await runner.query(`SET enable_seqscan = off`);
    const [row] = await runner.query(`EXPLAIN (FORMAT JSON) ${q.sql}`, q.params);
    return walk(row['QUERY PLAN'][0].Plan);
  } finally {
    await runner.query(`RESET enable_seqscan`);
    await runner.release();
  }
}

/**
 * Issue 15, reads at scale: the county matrix, its XLSX figures, the township year and the findings page, run by the
 * real services on national-shaped generated data (400 townships × 2 years, ~42,000 checklist items and as many
 * evidence rows, analysed), and every query they send EXPLAINed: no sequential scan of a big table, and the indexes
 * of migration 1764900000000 are the ones chosen where they matter.
 */
describe('reads at scale use indexes (EXPLAIN on generated data)', () => {
  let ds: DataSource;
  const logger = new CapturingLogger();
  const config = { timeZone: 'Asia/Shanghai' } as AppConfig;
  const admin: Principal = { id: '00000000-0000-0000-0000-000000000000', username: 'admin', role: 'admin', countyId: null, townshipId: null };
  const year = 2025;

  beforeAll(async () => {
    ds = createDataSource(process.env.TEST_DATABASE_URL!, { logging: ['query'], logger });
    await ds.initialize();
    await truncateAll(ds);
    await seedDefaultTemplates(ds, loadDefaultTemplate(), 2023, 2027);
    await generateScaleData(process.env.TEST_DATABASE_URL!, seedShapes(seedsDir()), {
      townships: 400,
      years: 2,
      currentYear: 2026,
      reportedShare: 0.9,
      passwordHash: 'x',
      recomputedAt: new Date('2026-12-01T12:00:00Z'),
      log: () => undefined,
    });
  }, 120_000);
  afterAll(async () => {
    await truncateAll(ds);
    await ds.destroy();
  });

  it('the matrix, its export, the township year and the findings page scan no big table and use the new indexes', async () => {
    const scope = new AccessScope(ds.getRepository(Township), ds.getRepository(County));
    const matrices = new MatrixService(config, ds, scope);
    const exporter = new MatrixExportService(ds, config);
    const checklists = new ChecklistsService(ds, scope);
    const findings = new FindingsService(ds.getRepository(Finding), ds, scope, null as never, null as never);
    const [{ county_id: countyId, id: townshipId }] = await ds.query(
      `SELECT t.county_id, t.id FROM townships t JOIN submissions s ON s.township_id = t.id AND s.year = $1 ORDER BY t.code LIMIT 1`,
      [year],
    );

    logger.queries = [];
    const matrix = await matrices.build(admin, countyId, year);
    expect(matrix.townships.length).toBeGreaterThanOrEqual(15);
    await exporter.rows(matrix);
    const view = await checklists.get(admin, townshipId, year);
    expect(view.items.some((i) => i.evidence.length > 0)).toBe(true);
    expect((await findings.list(admin, { countyId, status: 'open', year, page: 1, pageSize: 50 })).total).toBeGreaterThan(0);
    const captured = logger.queries.splice(0);
    expect(captured.length).toBeGreaterThan(10);

    const seqScans: string[] = [];
    const indexes = new Set<string>();
    for (const q of captured) {
      for (const n of await explain(ds, q)) {
        if (n['Node Type'] === 'Seq Scan' && BIG_TABLES.includes(n['Relation Name']!)) seqScans.push(`${n['Relation Name']}: ${q.sql.slice(0, 160)}`);
        if (n['Index Name']) indexes.add(n['Index Name']);
      }
    }
    expect(seqScans).toEqual([]);
    // The township year's evidence (all sources, so the partial unique index cannot serve it) and its evidence files.
    expect(indexes).toContain('evidence_checklist_item');
    expect(indexes).toContain('submissions_checklist_item');
    // The matrix's items and checklists by their unique keys.
    expect(indexes).toContain('IDX_7a970d84962950645efd65c971');
    expect(indexes).toContain('IDX_2488e35840ecd5b1d33896b077');
  }, 60_000);

  it("a county's reminder job reads its unmet items, reports, plans and recipients by index (migration 1766000000000 for the accounts)", async () => {
    // As of the day the generated checklists were last recomputed: nothing to recompute; no outward channel configured.
    const reminderConfig = { ...config, reminders: { cron: '0 8 * * *', daysBefore: [30, 7, 1], escalationDaysOverdue: 14 }, mail: { smtpUrl: null, from: 'x' }, webhook: { url: null, secret: null } } as AppConfig;
    const planner = new ReminderPlannerService(ds, reminderConfig, null as never, new NotificationOutboxService(ds, null as never));
    const [{ county_id: countyId }] = await ds.query(`SELECT county_id FROM townships GROUP BY county_id ORDER BY count(*) DESC, county_id LIMIT 1`);
    logger.queries = [];
    const result = await planner.runCounty(countyId, '2026-12-01', new Date('2026-12-01T12:00:00Z'));
    expect(result.deadlines).toBeGreaterThan(result.townships);
    const captured = logger.queries.splice(0);
    expect(captured.length).toBeGreaterThanOrEqual(8);

    const seqScans: string[] = [];
    const indexes = new Set<string>();
    for (const q of captured) {
      for (const n of await explain(ds, q)) {
        if (n['Node Type'] === 'Seq Scan' && [...BIG_TABLES, 'users'].includes(n['Relation Name']!)) seqScans.push(`${n['Relation Name']}: ${q.sql.slice(0, 160)}`);
        if (n['Index Name']) indexes.add(n['Index Name']);
      }
    }
    expect(seqScans).toEqual([]);
    expect(indexes).toContain('users_township');
    expect(indexes).toContain('users_county');
    expect(indexes).toContain('IDX_7a970d84962950645efd65c971'); // checklist_items (checklist_id, obligation_id)
  }, 60_000);

  it("a submission's quotes (re-analysis, delete cascade) are found by index, not by scanning all evidence", async () => {
    const [{ id }] = await ds.query(`SELECT id FROM submissions WHERE kind = 'annual_report' ORDER BY id LIMIT 1`);
    // The analysis writer's lookup before it replaces a submission's automatic quotes (analysis-writer.service.ts).
    const nodes = await explain(ds, { sql: `SELECT id, checklist_item_id, quote, start_offset, end_offset, section, note, confidence FROM evidence WHERE submission_id = $1 AND source = 'auto'`, params: [id] });
    expect(nodes.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name'])).toEqual([]);
    expect(nodes.map((n) => n['Index Name'])).toContain('evidence_submission');
  });
});
