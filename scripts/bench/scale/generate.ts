import { Client } from 'pg';
import { dueDateFor, type DueRule } from '@app/domain';
import { ANALYZER_VERSION } from '@app/report-analyzer';
import type { ReportShape } from './shapes';

export interface GenerateOptions {
  townships: number;
  /** Report years, the last one being the year before `currentYear` (the one whose reports are due this spring). */
  years: number;
  currentYear: number;
  /** Share of township-years with an analysed annual report (the rest have not reported). */
  reportedShare: number;
  /**
   * When every generated checklist was last recomputed (the previous daily run): the reminder run recomputes the
   * township-years whose dates passed since. Yesterday for an ordinary day; early in the year for the worst day.
   */
  recomputedAt: Date;
  /** A precomputed password hash shared by every generated account. */
  passwordHash: string;
  log: (m: string) => void;
}

export interface GeneratedCounts {
  counties: number;
  townships: number;
  reportYears: number[];
  rows: Record<string, number>;
  seconds: number;
}

/** Deterministic PRNG (mulberry32), so two runs at the same size generate the same county sizes. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Counties of 15–40 townships adding up to exactly `total` (the last one takes the remainder, at least 1). */
export function countySizes(total: number, seed = 15): number[] {
  const r = rng(seed);
  const sizes: number[] = [];
  let left = total;
  while (left > 0) {
    const n = Math.min(left, 15 + Math.floor(r() * 26));
    sizes.push(n);
    left -= n;
  }
  return sizes;
}

const LEVELS = ['town', 'township', 'street'] as const;

/**
 * National-shaped data straight into PostgreSQL, set-based: the few small tables (counties, townships, users) by
 * multi-row INSERT from here, the big ones (submissions, checklists, items, evidence, metrics, plan items, problems,
 * findings, notifications) by INSERT … SELECT inside the server over the township-years × the seed reports' shapes,
 * so nothing big crosses the wire. The default templates must already exist for every generated year.
 */
export async function generateScaleData(databaseUrl: string, shapes: ReportShape[], o: GenerateOptions): Promise<GeneratedCounts> {
  const t0 = Date.now();
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const rows: Record<string, number> = {};
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const t = Date.now();
    const r = await db.query(sql, params);
    rows[label] = (rows[label] ?? 0) + (r.rowCount ?? 0);
    o.log(`  ${label}: ${r.rowCount ?? 0} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  try {
    await db.query(`SET synchronous_commit = off`);
    const years = Array.from({ length: o.years }, (_, i) => o.currentYear - o.years + i);
    const allYears = [...years, o.currentYear];

    // Counties and townships: multi-row inserts, 1,000 rows a statement.
    const sizes = countySizes(o.townships);
    const countyRows = sizes.map((_, i) => [`S${String(i + 1).padStart(5, '0')}`, `规模测试县${i + 1}`]);
    const countyIds: string[] = [];
    for (let i = 0; i < countyRows.length; i += 1000) {
      const chunk = countyRows.slice(i, i + 1000);
      const r = await db.query(
        `INSERT INTO counties (code, name) SELECT * FROM unnest($1::text[], $2::text[]) RETURNING id`,
        [chunk.map((c) => c[0]), chunk.map((c) => c[1])],
      );
      countyIds.push(...r.rows.map((x: { id: string }) => x.id));
    }
    rows.counties = countyIds.length;
    const tCounty: string[] = [], tCode: string[] = [], tName: string[] = [], tLevel: string[] = [], tVillages: number[] = [];
    sizes.forEach((n, ci) => {
      for (let k = 0; k < n; k++) {
        tCounty.push(countyIds[ci]);
        tCode.push(`S${String(ci + 1).padStart(5, '0')}T${String(k + 1).padStart(2, '0')}`);
        tName.push(`规模测试${ci + 1}县第${k + 1}${k % 5 === 4 ? '街道' : '镇'}`);
        tLevel.push(k % 5 === 4 ? 'street' : LEVELS[k % 2]);
        tVillages.push(5 + ((ci * 7 + k * 13) % 30));
      }
    });
    for (let i = 0; i < tCode.length; i += 5000) {
      const s = (a: unknown[]) => a.slice(i, i + 5000);
      await step(
        'townships',
        `INSERT INTO townships (county_id, code, name, level, village_count)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::township_level[], $5::int[])`,
        [s(tCounty), s(tCode), s(tName), s(tLevel), s(tVillages)],
      );
    }
    // One clerk per township, one auditor per county (all sharing one hash: logins are not what is measured).
    await step(
      'users',
      `INSERT INTO users (username, display_name, password_hash, role, township_id)
       SELECT 'st_' || code, name || '联络员', $1, 'township', id FROM townships`,
      [o.passwordHash],
    );
    await step(
      'users',
      `INSERT INTO users (username, display_name, password_hash, role, county_id)
       SELECT 'sa_' || code, name || '审核员', $1, 'auditor', id FROM counties`,
      [o.passwordHash],
    );

    // The shapes, as small temporary tables.
    await db.query(`CREATE TEMP TABLE shape_evidence (shape int, obligation_id text, quote text, start_offset int, end_offset int, section text, confidence real)`);
    await db.query(`CREATE TEMP TABLE shape_metric (shape int, obligation_id text, key text, value float8, unit text, quote text, start_offset int, end_offset int)`);
    await db.query(`CREATE TEMP TABLE shape_plan (shape int, position int, text text, obligation_ids text[], target jsonb, due_shift int, start_offset int, end_offset int)`);
    await db.query(`CREATE TEMP TABLE shape_problem (shape int, position int, text text, obligation_ids text[], start_offset int, end_offset int)`);
    await db.query(`CREATE TEMP TABLE shape_meta (shape int, file text, chars int, evidenced text[])`);
    const json = (v: unknown) => JSON.stringify(v);
    for (const [i, s] of shapes.entries()) {
      await db.query(`INSERT INTO shape_meta VALUES ($1, $2, $3, $4)`, [i, s.file, s.chars, s.evidenced]);
      await db.query(
        `INSERT INTO shape_evidence SELECT $1, x."obligationId", x.quote, x.start, x."end", x.section, x.confidence
           FROM jsonb_to_recordset($2::jsonb) AS x("obligationId" text, quote text, start int, "end" int, section text, confidence real)`,
        [i, json(s.evidence)],
      );
      await db.query(
        `INSERT INTO shape_metric SELECT $1, x."obligationId", x.key, x.value, x.unit, x.quote, x.start, x."end"
           FROM jsonb_to_recordset($2::jsonb) AS x("obligationId" text, key text, value float8, unit text, quote text, start int, "end" int)`,
        [i, json(s.metrics)],
      );
      // Plan items keep their due date relative to the report year: 2023's "2024-12-31" becomes year+1's 12-31.
      await db.query(
        `INSERT INTO shape_plan SELECT $1, x.position, x.text, ARRAY(SELECT jsonb_array_elements_text(x."obligationIds")), x.target,
                COALESCE(x.due::date, make_date($3::int + 1, 12, 31)) - make_date($3::int, 1, 1), x.start, x."end"
           FROM jsonb_to_recordset($2::jsonb) AS x(position int, text text, "obligationIds" jsonb, target jsonb, due text, start int, "end" int)`,
        [i, json(s.planItems.map((p, position) => ({ ...p, position }))), s.year],
      );
      await db.query(
        `INSERT INTO shape_problem SELECT $1, x.position, x.text, ARRAY(SELECT jsonb_array_elements_text(x."obligationIds")), x.start, x."end"
           FROM jsonb_to_recordset($2::jsonb) AS x(position int, text text, "obligationIds" jsonb, start int, "end" int)`,
        [i, json(s.problems.map((p, position) => ({ ...p, position })))],
      );
    }

    // Due dates of every obligation for every generated year, as the domain computes them.
    const templates = (
      await db.query(`SELECT t.id, t.year, t.report_submit_by, o.obligation_id, o.due_rule FROM checklist_templates t JOIN template_obligations o ON o.template_id = t.id WHERE t.county_id IS NULL AND t.year = ANY($1)`, [allYears])
    ).rows as { id: string; year: number; report_submit_by: DueRule; obligation_id: string; due_rule: DueRule }[];
    const missingYears = allYears.filter((y) => !templates.some((t) => t.year === y));
    if (missingYears.length) throw new Error(`no default template for ${missingYears.join(', ')}`);
    await db.query(`CREATE TEMP TABLE year_due (year int, template_id uuid, obligation_id text, due_date date, report_due date)`);
    await db.query(
      `INSERT INTO year_due SELECT * FROM unnest($1::int[], $2::uuid[], $3::text[], $4::date[], $5::date[])`,
      [templates.map((t) => t.year), templates.map((t) => t.id), templates.map((t) => t.obligation_id), templates.map((t) => dueDateFor(t.due_rule, t.year)), templates.map((t) => dueDateFor(t.report_submit_by, t.year))],
    );

    // Township-years: which seed report each one is shaped after, and whether it reported at all. The current year
    // has its checklists too (the recompute creates them on the year's first day), every item still missing.
    await step(
      'township_years',
      `CREATE TEMP TABLE ty AS
       SELECT t.id AS township_id, y AS year, gen_random_uuid() AS submission_id, gen_random_uuid() AS checklist_id,
              (abs(hashtext(t.code || ':' || y)) % $2)::int AS shape,
              y < $4 AND (abs(hashtext('r' || t.code || ':' || y)) % 1000) < $3 AS reported,
              (abs(hashtext('p' || t.code || ':' || y)) % 10) < 7 AS published
         FROM townships t CROSS JOIN unnest($1::int[]) AS y`,
      [[...years, o.currentYear], shapes.length, Math.round(o.reportedShare * 1000), o.currentYear],
    );
    await db.query(`ANALYZE ty`);
    await db.query(`CREATE TEMP TABLE year_template AS SELECT DISTINCT year, template_id, report_due FROM year_due`);

    await step(
      'submissions',
      `INSERT INTO submissions (id, township_id, year, kind, file_name, format, media_type, size_bytes, sha256, storage_key, status,
                                attempts, analyzer_version, published_at, published_url, submitted_by, submitted_at, analyzed_at, updated_at)
       SELECT ty.submission_id, ty.township_id, ty.year, 'annual_report', ty.year || '年度法治政府建设工作报告.txt', 'txt', 'text/plain', m.chars * 3,
              encode(sha256(convert_to(ty.submission_id::text, 'UTF8')), 'hex'), 'scale/' || ty.submission_id, 'analyzed',
              1, $1, CASE WHEN ty.published THEN yt.report_due - 10 END,
              CASE WHEN ty.published THEN 'https://gov.example.cn/fzzf/' || ty.submission_id END, u.id,
              submitted, submitted + interval '20 seconds', submitted + interval '20 seconds'
         FROM ty JOIN shape_meta m ON m.shape = ty.shape JOIN year_template yt ON yt.year = ty.year
         LEFT JOIN users u ON u.township_id = ty.township_id
         CROSS JOIN LATERAL (SELECT (yt.report_due - 40 + (abs(hashtext(ty.submission_id::text)) % 45))::timestamptz AS submitted) s
        WHERE ty.reported`,
      // The running analyzer's version: any other makes the worker re-analyse every generated report at start-up.
      [ANALYZER_VERSION],
    );
    await step(
      'checklists',
      `INSERT INTO checklists (id, township_id, year, template_id, recomputed_at)
       SELECT ty.checklist_id, ty.township_id, ty.year, yt.template_id, $1 FROM ty JOIN year_template yt ON yt.year = ty.year`,
      [o.recomputedAt],
    );
    // Items: met where the seed report evidences the obligation; a metric below the template's threshold stays below.
    await step(
      'checklist_items',
      `INSERT INTO checklist_items (checklist_id, obligation_id, status, auto_status, measured_value, due_date, score)
       SELECT ty.checklist_id, d.obligation_id, st.status::item_status, st.status::auto_item_status, mv.value, d.due_date,
              CASE WHEN st.status = 'auto_evidenced' THEN o.weight ELSE 0 END
         FROM ty JOIN year_due d ON d.year = ty.year
         JOIN template_obligations o ON o.template_id = d.template_id AND o.obligation_id = d.obligation_id
         JOIN shape_meta m ON m.shape = ty.shape
         LEFT JOIN LATERAL (SELECT min(value) AS value FROM shape_metric sm WHERE ty.reported AND sm.shape = ty.shape AND sm.key = o.metric_key) mv ON true
         CROSS JOIN LATERAL (SELECT CASE
                WHEN NOT ty.reported THEN 'missing'
                WHEN d.obligation_id = 'annual_report_submission' THEN 'auto_evidenced'
                WHEN d.obligation_id = 'annual_report_publication' THEN CASE WHEN ty.published THEN 'auto_evidenced' ELSE 'missing' END
                WHEN o.requirement_kind <> 'presence' AND mv.value IS NOT NULL AND mv.value < o.threshold THEN 'below_threshold'
                WHEN d.obligation_id = ANY(m.evidenced) THEN 'auto_evidenced'
                ELSE 'missing' END AS status) st`,
    );
    await step(
      'checklists (scores)',
      `UPDATE checklists c SET score = s.score FROM (
         SELECT i.checklist_id, round((100 * sum(i.score) / NULLIF(sum(o.weight), 0))::numeric, 1)::float8 AS score
           FROM checklist_items i JOIN checklists c2 ON c2.id = i.checklist_id
           JOIN template_obligations o ON o.template_id = c2.template_id AND o.obligation_id = i.obligation_id
          GROUP BY i.checklist_id) s
        WHERE s.checklist_id = c.id`,
    );
    await step(
      'evidence',
      `INSERT INTO evidence (checklist_item_id, submission_id, source, quote, start_offset, end_offset, section, confidence)
       SELECT i.id, ty.submission_id, 'auto', e.quote, e.start_offset, e.end_offset, e.section, e.confidence
         FROM ty JOIN checklist_items i ON i.checklist_id = ty.checklist_id
         JOIN shape_evidence e ON e.shape = ty.shape AND e.obligation_id = i.obligation_id
        WHERE ty.reported
       ON CONFLICT DO NOTHING`,
    );
    await step(
      'metric_values',
      `INSERT INTO metric_values (submission_id, township_id, year, obligation_id, key, value, unit, quote, start_offset, end_offset)
       SELECT ty.submission_id, ty.township_id, ty.year, m.obligation_id, m.key, m.value, m.unit, m.quote, m.start_offset, m.end_offset
         FROM ty JOIN shape_metric m ON m.shape = ty.shape WHERE ty.reported
       ON CONFLICT DO NOTHING`,
    );
    await step(
      'plan_items',
      `INSERT INTO plan_items (submission_id, township_id, year, plan_year, position, text, obligation_ids, target, due_date, start_offset, end_offset, status, auto_status)
       SELECT ty.submission_id, ty.township_id, ty.year, ty.year + 1, p.position, p.text, p.obligation_ids, p.target,
              (make_date(ty.year, 1, 1) + p.due_shift)::date, p.start_offset, p.end_offset, st.s::plan_item_status, st.s::plan_item_status
         FROM ty JOIN shape_plan p ON p.shape = ty.shape
         CROSS JOIN LATERAL (SELECT CASE WHEN ty.year + 1 >= $1 THEN 'open'
                                         WHEN (abs(hashtext(ty.submission_id::text || p.position)) % 4) = 0 THEN 'overdue'
                                         ELSE 'fulfilled' END AS s) st
        WHERE ty.reported`,
      [o.currentYear],
    );
    await step(
      'problems',
      `INSERT INTO problems (submission_id, township_id, year, position, text, obligation_ids, start_offset, end_offset, status)
       SELECT ty.submission_id, ty.township_id, ty.year, p.position, p.text, p.obligation_ids, p.start_offset, p.end_offset,
              (CASE WHEN (abs(hashtext(ty.submission_id::text || p.position)) % 3) = 0 THEN 'recurring' ELSE 'open' END)::problem_status
         FROM ty JOIN shape_problem p ON p.shape = ty.shape WHERE ty.reported`,
    );
    // Findings the recompute opens: an item missing or below its threshold; a report not submitted after its date.
    await step(
      'findings',
      `INSERT INTO findings (township_id, year, kind, subject_key, checklist_item_id, message, due_date, details, opened_at)
       SELECT ty.township_id, ty.year, (CASE WHEN i.status = 'below_threshold' THEN 'below_threshold' ELSE 'missing_evidence' END)::finding_kind,
              'item:' || i.obligation_id, i.id, o.name_zh || '：未见证据', i.due_date, '{}'::jsonb, now()
         FROM ty JOIN checklist_items i ON i.checklist_id = ty.checklist_id
         JOIN checklists c ON c.id = ty.checklist_id
         JOIN template_obligations o ON o.template_id = c.template_id AND o.obligation_id = i.obligation_id
        WHERE ty.reported AND i.status IN ('missing', 'below_threshold')`,
    );
    await step(
      'findings',
      `INSERT INTO findings (township_id, year, kind, subject_key, message, due_date, details, opened_at)
       SELECT ty.township_id, ty.year, 'late_report', 'report', ty.year || '年度法治政府建设报告逾期未报送', yt.report_due, '{}'::jsonb, now()
         FROM ty JOIN year_template yt ON yt.year = ty.year WHERE NOT ty.reported AND yt.report_due < make_date($1, 12, 31)`,
      [o.currentYear],
    );
    await step(
      'findings',
      `INSERT INTO findings (township_id, year, kind, subject_key, plan_item_id, message, due_date, details, opened_at)
       SELECT p.township_id, p.plan_year, 'overdue_plan', 'plan:' || p.year || ':' || p.position, p.id, '计划事项逾期未完成：' || left(p.text, 40), p.due_date, '{}'::jsonb, now()
         FROM plan_items p WHERE p.status = 'overdue'`,
    );
    // Reminders already sent in earlier runs: a report reminder per township-year and clerk, in-app, read or not.
    await step(
      'notifications',
      `INSERT INTO notifications (dedupe_key, channel, recipient_user_id, township_id, county_id, kind, subject, body, payload, status, sent_at, created_at)
       SELECT 'report_submission:report:' || ty.township_id || ':' || ty.year || ':' || st.stage || ':' || u.id || ':in_app', 'in_app', u.id, ty.township_id, t.county_id,
              'reminder', t.name || '年度报告报送提醒', '【法治政府建设】' || t.name || '：' || ty.year || '年度法治政府建设报告应于' || yt.report_due || '前报送。',
              jsonb_build_object('deadlineKind', 'report_submission', 'year', ty.year, 'stage', st.stage), 'sent', yt.report_due - st.days, yt.report_due - st.days
         FROM ty JOIN townships t ON t.id = ty.township_id JOIN users u ON u.township_id = ty.township_id
         JOIN year_template yt ON yt.year = ty.year
         CROSS JOIN (VALUES ('d30', 30), ('d7', 7)) AS st(stage, days)
        WHERE ty.year < $1`,
      [o.currentYear],
    );
    o.log('  ANALYZE');
    await db.query(`ANALYZE`);
    return { counties: countyIds.length, townships: tCode.length, reportYears: years, rows, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await db.end();
  }
}
