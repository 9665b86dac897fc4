import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Pool, QueryResult } from 'pg';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  dueDateFor,
  dueDateForSql,
  dueReminderStages,
  escalationText,
  formatDateZh,
  isReportPublished,
  MET_ITEM_STATUSES,
  PUBLICATION_OBLIGATION,
  stageKey,
  SUBMISSION_OBLIGATION,
  yearOf,
  reminderText,
  type DeadlineKind,
  type ReminderStage,
} from '@app/domain';
import {
  Checklist,
  CountyChannelSettings,
  ChecklistTemplate,
  PlanItem,
  Submission,
  Township,
  User,
  currentReportIdSql,
  findTemplateFor,
  reportsOfYear,
} from '@app/persistence';
import { ChecklistRecomputeService } from '../checklist/checklist-recompute.service';
import { NotificationOutboxService, type NewNotification } from '../notifications/notification-outbox.service';

export interface Deadline {
  kind: DeadlineKind;
  /** Names the thing the reminder is about, stable across runs: part of the dedupe key. */
  subject: string;
  year: number;
  dueDate: string;
  missing: string[];
}

/** An unmet checklist item of one of the county's township-years. */
interface ItemRow {
  township_id: string;
  year: number;
  template_id: string;
  obligationId: string;
  status: string;
  measuredValue: number | null;
  dueDate: string;
}
/** What a reminder says of an obligation, and where the checklist lists it. */
interface ObligationLabel {
  templateId: string;
  obligationId: string;
  position: number;
  nameZh: string;
  unit: string | null;
  threshold: number | null;
}
type PlanRow = Pick<PlanItem, 'submissionId' | 'text' | 'status' | 'dueDate'>;
type TownshipRow = Pick<Township, 'id' | 'name' | 'countyId'>;
type UserRow = Pick<User, 'id' | 'role' | 'townshipId' | 'email'>;
type RobotRow = Pick<CountyChannelSettings, 'wecomWebhookUrl' | 'dingtalkWebhookUrl'>;
type ReportRow = Pick<Submission, 'id' | 'townshipId' | 'year' | 'status' | 'analyzedAt' | 'publishedAt' | 'publishedUrl'>;

/** Who gets one reminder and how: its dedupe key, before its text is written. */
interface Delivery {
  dedupeKey: string;
  channel: NewNotification['channel'];
  recipientUserId: string | null;
  recipientAddress: string | null;
}

/** Rows by key, each group in the rows' order. */
function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const group = out.get(k);
    if (group) group.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export interface ReminderRunResult {
  asOf: string;
  townships: number;
  deadlines: number;
  inserted: number;
  deliveries: number;
}

/**
 * The daily reminder run, county by county (the reminders queue fans a run out as one job per county, so worker
 * processes on several machines share it). Inside a county everything is set-based: one query finds the
 * township-years whose date-driven findings (late and unpublished reports, overdue plan items) changed since their
 * last recompute — a due date passed in between — and only those are recomputed; a handful of queries then load
 * the county's reports, unmet checklist items, plan items and recipients at once, the domain rules say which
 * reminder stages are due today, and the outbox records one notification per stage, recipient and channel (a unique
 * dedupe key: exact under concurrent runs and retries).
 */
@Injectable()
export class ReminderPlannerService {
  private readonly logger = new Logger(ReminderPlannerService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly recompute: ChecklistRecomputeService,
    private readonly outbox: NotificationOutboxService,
  ) {}

  /**
   * A named prepared statement on the pool under TypeORM: each connection parses it once, and PostgreSQL may keep
   * its plan. A county job runs the same ten statements; parsing and planning them anew was a quarter of the
   * database's CPU for the run.
   */
  private prepared<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    this.ds.logger.logQuery(text, values); // as TypeORM logs its own statements (when query logging is on)
    return ((this.ds.driver as PostgresDriver).master as Pool).query({ name: `reminders_${name}`, text, values }).then((r: QueryResult) => r.rows as T[]);
  }

  /** Counties with at least one active township: one reminder job each. */
  async counties(): Promise<string[]> {
    const rows: { county_id: string }[] = await this.ds.query(`SELECT DISTINCT county_id FROM townships WHERE NOT disabled ORDER BY county_id`);
    return rows.map((r) => r.county_id);
  }

  /** The whole run in this process, county after county (tests, and a deployment without fan-out). */
  async run(asOf: string, now: Date): Promise<ReminderRunResult> {
    const total: ReminderRunResult = { asOf, townships: 0, deadlines: 0, inserted: 0, deliveries: 0 };
    for (const countyId of await this.counties()) addRun(total, await this.runCounty(countyId, asOf, now));
    this.logger.log(`reminders ${asOf}: ${total.townships} townships, ${total.deadlines} deadlines, ${total.inserted} new notifications`);
    return total;
  }

  async runCounty(countyId: string, asOf: string, now: Date): Promise<ReminderRunResult> {
    // Raw reads of the few columns a reminder needs (here and below): a county job's statements are short, and
    // building and hydrating them through the ORM cost the worker more than the database spends on them.
    const townships: TownshipRow[] = await this.prepared('townships', `SELECT id, name, county_id AS "countyId" FROM townships WHERE county_id = $1 AND NOT disabled ORDER BY code`, [countyId]);
    if (!townships.length) return { asOf, townships: 0, deadlines: 0, inserted: 0, deliveries: 0 };
    const ids = townships.map((t) => t.id);
    const year = yearOf(asOf);
    await this.refreshFindings(ids, year, asOf, now);

    // Independent reads side by side (each on its own pooled connection): a county's job mostly waits on them.
    const [users, deadlines, robotSettings] = await Promise.all([
      this.prepared<UserRow>(
        'users',
        `SELECT u.id, u.role::text AS role, u.township_id AS "townshipId", u.email FROM users u
          WHERE NOT u.disabled AND ((u.role = 'township' AND u.township_id = ANY($1)) OR (u.role = 'auditor' AND u.county_id = $2))`,
        [ids, countyId],
      ),
      this.countyDeadlines(countyId, ids, year),
      // The county's group robots (企业微信, 钉钉): one message per reminder and robot; the URL is read when sent.
      this.prepared<RobotRow>('robots', `SELECT wecom_webhook_url AS "wecomWebhookUrl", dingtalk_webhook_url AS "dingtalkWebhookUrl" FROM county_channel_settings WHERE county_id = $1`, [countyId]),
    ]);
    const robots = robotSettings[0];
    const auditors = users.filter((u) => u.role === 'auditor');
    const staffOf = new Map<string, UserRow[]>();
    for (const u of users) if (u.role === 'township' && u.townshipId) staffOf.set(u.townshipId, [...(staffOf.get(u.townshipId) ?? []), u]);
    const policy = { daysBefore: this.config.reminders.daysBefore, escalationDaysOverdue: this.config.reminders.escalationDaysOverdue };
    // A county's deadlines share a handful of due dates: the stages of each date once.
    const stagesByDue = new Map<string, ReminderStage[]>();
    const stagesOn = (dueDate: string) => {
      let stages = stagesByDue.get(dueDate);
      if (!stages) stagesByDue.set(dueDate, (stages = dueReminderStages(dueDate, asOf, policy)));
      return stages;
    };
    // The keys first, the texts only for the reminders not yet recorded: on most days nearly all are.
    const due: { t: TownshipRow; d: Deadline; stage: ReminderStage; deliveries: Delivery[] }[] = [];
    const keys: string[] = [];
    let count = 0;
    for (const t of townships) {
      const list = deadlines.get(t.id) ?? [];
      count += list.length;
      const staff = staffOf.get(t.id) ?? [];
      for (const d of list) {
        for (const stage of stagesOn(d.dueDate)) {
          const deliveries = this.deliveriesFor(t, d, stage, stage.kind === 'escalation' ? auditors : staff, robots);
          due.push({ t, d, stage, deliveries });
          for (const x of deliveries) keys.push(x.dedupeKey);
        }
      }
    }
    // Most of a day's reminders were recorded by an earlier run (or the same run's retry): one lookup of the keys
    // leaves only the new ones to insert. The outbox's unique dedupe key still decides under concurrent runs. Probed
    // key by key through the unique index (a join could hash the whole, ever-growing table once per county).
    const known = keys.length
      ? new Set(
          ((await this.prepared(
            'known_keys',
            `SELECT k.key AS dedupe_key FROM unnest($1::text[]) AS k(key)
              WHERE EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = k.key OFFSET 0)`,
            [keys],
          )) as { dedupe_key: string }[]).map((r) => r.dedupe_key),
        )
      : new Set<string>();
    const rows: NewNotification[] = [];
    for (const { t, d, stage, deliveries } of due) {
      const fresh = deliveries.filter((x) => !known.has(x.dedupeKey));
      if (!fresh.length) continue;
      const content = this.contentFor(t, d, stage);
      for (const x of fresh) rows.push({ ...content, ...x });
    }
    const { inserted, deliveries } = await this.outbox.record(rows, now);
    return { asOf, townships: townships.length, deadlines: count, inserted, deliveries };
  }

  /**
   * Date-driven findings change with the calendar alone. A township-year (this year and the two before) is
   * recomputed when it has no checklist yet (this year and last: the recompute creates it), was never recomputed,
   * was recomputed "later" than this run's date, or when one of its dates — the report's submission and publication
   * dates of its checklist's template, the due dates of the plan items judged in it (plan years y and y+1) — lies
   * between the day of its last recompute and today: the recompute compares today > date, so that is exactly when
   * its answer changes. Report dates by dueDateForSql (dueDateFor's twin); plan items only of the current reports
   * (currentReportIdSql), the only ones a recompute judges. One query for the county; everything else a new
   * submission or decision recomputes already.
   */
  private async refreshFindings(townshipIds: string[], year: number, asOf: string, now: Date): Promise<void> {
    const due: { township_id: string; year: number }[] = await this.prepared(
      'refresh',
      `WITH ty AS (
         SELECT t.id AS township_id, y AS year, c.id AS checklist_id, c.template_id,
                (c.recomputed_at AT TIME ZONE $4)::date AS recomputed_on
           FROM unnest($1::uuid[]) AS t(id) CROSS JOIN unnest(ARRAY[$2::int - 2, $2::int - 1, $2::int]) AS y
           -- One index probe per township-year: a plain join hashed every checklist of the country, once per county.
           LEFT JOIN LATERAL (SELECT c.id, c.template_id, c.recomputed_at FROM checklists c WHERE c.township_id = t.id AND c.year = y OFFSET 0) c ON true)
       SELECT township_id, year FROM ty
        WHERE (checklist_id IS NULL AND year >= $2::int - 1)
           OR (checklist_id IS NOT NULL AND (
                recomputed_on IS NULL OR recomputed_on > $3::date
             OR EXISTS (SELECT 1 FROM checklist_templates tpl
                          CROSS JOIN LATERAL (VALUES (tpl.report_submit_by), (tpl.report_publish_by)) AS r(rule)
                          CROSS JOIN LATERAL (SELECT ${dueDateForSql('r.rule', 'ty.year')} AS d) dd
                         WHERE tpl.id = ty.template_id AND dd.d >= ty.recomputed_on AND dd.d < $3::date)
             OR EXISTS (SELECT 1 FROM plan_items p
                         WHERE p.township_id = ty.township_id AND p.plan_year IN (ty.year, ty.year + 1)
                           AND p.due_date >= ty.recomputed_on AND p.due_date < $3::date
                           AND p.submission_id = ${currentReportIdSql('p.township_id', 'p.year')})))
        ORDER BY township_id, year`,
      [townshipIds, year, asOf, this.config.timeZone],
    );
    for (const r of due) await this.recompute.recompute(r.township_id, r.year, now);
  }

  /** Every township's open deadlines, from a few queries over the whole county. */
  private async countyDeadlines(countyId: string, ids: string[], year: number): Promise<Map<string, Deadline[]>> {
    const m = this.ds.manager;
    const years = [year - 2, year - 1, year];
    // Reports, templates, unmet items and their obligations do not depend on each other: read side by side.
    const [reports, lastYears, thisYears, items, obligationRows] = await Promise.all([
      // What reportsOfYear and isReportPublished read, in loadDocRows' order.
      this.prepared<ReportRow>(
        'reports',
        `SELECT s.id, s.township_id AS "townshipId", s.year, s.status::text AS status, s.analyzed_at AS "analyzedAt",
                s.published_at::text AS "publishedAt", s.published_url AS "publishedUrl"
           FROM submissions s
          WHERE s.township_id = ANY($1) AND s.year = ANY($2) AND s.kind = 'annual_report' AND s.withdrawn_at IS NULL
          ORDER BY s.submitted_at, s.id`,
        [ids, years],
      ),
      findTemplateFor(m, countyId, year - 1),
      findTemplateFor(m, countyId, year),
      // Raw rows, and only what can make a deadline (unmet items), read checklist by checklist through their index:
      // the LATERAL with OFFSET 0 keeps the planner from hashing the whole checklist_items table instead (a parallel
      // sequential scan, once per county, whose cost grows with the country). Ordering and labels are done in the
      // worker from the obligations below: in SQL, the join and sort cost PostgreSQL several times the read itself.
      this.prepared<ItemRow>(
        'unmet_items',
        `SELECT c.township_id, c.year, c.template_id, i.obligation_id AS "obligationId", i.status, i.measured_value AS "measuredValue", i.due_date::text AS "dueDate"
           FROM checklists c
          CROSS JOIN LATERAL (
                SELECT i.obligation_id, i.status::text AS status, i.measured_value, i.due_date FROM checklist_items i
                 WHERE i.checklist_id = c.id AND i.status::text <> ALL($5::text[]) AND i.obligation_id NOT IN ($3, $4)
                OFFSET 0) i
          WHERE c.township_id = ANY($1) AND c.year = ANY($2)`,
        [ids, years, SUBMISSION_OBLIGATION, PUBLICATION_OBLIGATION, MET_ITEM_STATUSES],
      ),
      // The obligations of every template the county's checklists of these years use, in one read.
      this.prepared<ObligationLabel>(
        'obligations',
        `SELECT template_id AS "templateId", obligation_id AS "obligationId", position, name_zh AS "nameZh", unit, threshold
           FROM template_obligations
          WHERE template_id IN (SELECT DISTINCT template_id FROM checklists WHERE township_id = ANY($1) AND year = ANY($2))`,
        [ids, years],
      ),
    ]);
    const templates = new Map<number, ChecklistTemplate | null>([
      [year - 1, lastYears],
      [year, thisYears],
    ]);
    const reportsOf = groupBy(reports, (r) => `${r.townshipId}:${r.year}`);
    // The one rule of "submitted" and "current report" (libs/persistence current-documents).
    const docsOf = (townshipId: string, y: number) => {
      const { currentReport, submittedReports } = reportsOfYear(reportsOf.get(`${townshipId}:${y}`) ?? []);
      return { submitted: submittedReports, current: currentReport };
    };
    const obligationsByTemplate = new Map<string, Map<string, ObligationLabel>>();
    for (const o of obligationRows) {
      let byId = obligationsByTemplate.get(o.templateId);
      if (!byId) obligationsByTemplate.set(o.templateId, (byId = new Map()));
      byId.set(o.obligationId, o);
    }
    const itemsOf = groupBy(items, (i) => `${i.township_id}:${i.year}`);
    const currentReports = ids.flatMap((id) => years.map((y) => docsOf(id, y).current).filter((r): r is ReportRow => r !== null));
    const reportIds = currentReports.map((r) => r.id);
    const plans: PlanRow[] = reportIds.length
      ? await this.prepared<PlanRow>(
          'open_plans',
          `SELECT submission_id AS "submissionId", text, status::text AS status, due_date::text AS "dueDate" FROM plan_items
            WHERE submission_id = ANY($1) AND status <> 'fulfilled' ORDER BY submission_id, position`,
          [reportIds],
        )
      : [];
    const plansOf = groupBy(plans, (p) => p.submissionId);

    const out = new Map<string, Deadline[]>();
    for (const townshipId of ids) {
      const list: Deadline[] = [];
      for (const y of [year - 1, year]) {
        const template = templates.get(y);
        if (!template) continue;
        const docs = docsOf(townshipId, y);
        if (!docs.submitted.length) {
          list.push({ kind: 'report_submission', subject: `report:${townshipId}:${y}`, year: y, dueDate: dueDateFor(template.reportSubmitBy, y), missing: [] });
        } else if (!isReportPublished(docs.submitted)) {
          // Publication is chased only once the report is in; before that the submission reminder says it all.
          list.push({ kind: 'report_publication', subject: `publication:${townshipId}:${y}`, year: y, dueDate: dueDateFor(template.reportPublishBy, y), missing: [] });
        }
      }
      for (const y of years) {
        const report = docsOf(townshipId, y).current;
        if (!report) continue;
        const own = itemsOf.get(`${townshipId}:${y}`);
        if (own) list.push(...this.checklistDeadlines(townshipId, y, own, obligationsByTemplate.get(own[0].template_id)));
        list.push(...this.planDeadlines(townshipId, y, plansOf.get(report.id) ?? []));
      }
      out.set(townshipId, list);
    }
    return out;
  }

  /**
   * Items not met, one deadline per due date. Only once the year's report is analysed: before that every item is
   * "missing" by default and the report reminder is the one that matters.
   */
  private checklistDeadlines(townshipId: string, year: number, items: ItemRow[], obligations: Map<string, ObligationLabel> | undefined): Deadline[] {
    // The rows are the unmet items already (the query filters by MET_ITEM_STATUSES and leaves the metadata items out);
    // an item whose obligation its template no longer lists is not reminded of.
    const listed: { item: ItemRow; o: ObligationLabel }[] = [];
    for (const item of items) {
      const o = obligations?.get(item.obligationId);
      if (o) listed.push({ item, o });
    }
    // The checklist's order: template position, then (for equal positions, which templates do not have) obligation id.
    listed.sort((a, b) => a.o.position - b.o.position || (a.o.obligationId < b.o.obligationId ? -1 : a.o.obligationId > b.o.obligationId ? 1 : 0));
    // One deadline per due date, in the order of each date's first item.
    const byDue = new Map<string, string[]>();
    for (const { item, o } of listed) {
      const missing = byDue.get(item.dueDate);
      if (missing) missing.push(this.itemLabel(o, item));
      else byDue.set(item.dueDate, [this.itemLabel(o, item)]);
    }
    return [...byDue.entries()].map(([dueDate, missing]) => ({ kind: 'checklist_items' as const, subject: `items:${townshipId}:${year}:${dueDate}`, year, dueDate, missing }));
  }

  private itemLabel(o: ObligationLabel, item: ItemRow): string {
    if (item.status === 'below_threshold' && item.measuredValue !== null) return `${o.nameZh}（现为${item.measuredValue}${o.unit ?? ''}，要求${o.threshold}${o.unit ?? ''}）`;
    if (item.status === 'rejected') return `${o.nameZh}（证据未获认可）`;
    return o.nameZh;
  }

  /** Commitments of the year's report not yet fulfilled (the query reads only those), one deadline per due date (plans in position order). */
  private planDeadlines(townshipId: string, year: number, plans: PlanRow[]): Deadline[] {
    const byDue = new Map<string, string[]>();
    for (const p of plans) {
      byDue.set(p.dueDate, [...(byDue.get(p.dueDate) ?? []), p.text]);
    }
    return [...byDue.entries()].map(([dueDate, missing]) => ({ kind: 'plan_items' as const, subject: `plan:${townshipId}:${year}:${dueDate}`, year, dueDate, missing }));
  }

  /** One reminder's recipients and channels, each with its dedupe key. */
  private deliveriesFor(t: TownshipRow, d: Deadline, stage: ReminderStage, recipients: UserRow[], robots?: RobotRow): Delivery[] {
    const prefix = `${d.kind}:${d.subject}:${stageKey(stage)}:`;
    const out: Delivery[] = [];
    for (const u of recipients) {
      out.push({ dedupeKey: `${prefix}${u.id}:in_app`, channel: 'in_app', recipientUserId: u.id, recipientAddress: null });
      if (u.email && this.config.mail.smtpUrl) {
        out.push({ dedupeKey: `${prefix}${u.id}:email`, channel: 'email', recipientUserId: u.id, recipientAddress: u.email });
      }
    }
    const county = `${prefix}county:${t.countyId}:`;
    if (this.config.webhook.url) {
      out.push({ dedupeKey: `${county}webhook`, channel: 'webhook', recipientUserId: null, recipientAddress: this.config.webhook.url });
    }
    // The county's group robots: one message per reminder and robot; the URL is read from the settings when sent.
    if (robots?.wecomWebhookUrl) out.push({ dedupeKey: `${county}wecom`, channel: 'wecom', recipientUserId: null, recipientAddress: null });
    if (robots?.dingtalkWebhookUrl) out.push({ dedupeKey: `${county}dingtalk`, channel: 'dingtalk', recipientUserId: null, recipientAddress: null });
    return out;
  }

  /** What one reminder says, the same for each of its recipients and channels. */
  private contentFor(t: TownshipRow, d: Deadline, stage: ReminderStage): Omit<NewNotification, keyof Delivery> {
    const ctx = { kind: d.kind, townshipName: t.name, year: d.year, dueDate: d.dueDate, stage, missing: d.missing };
    const text = stage.kind === 'escalation' ? escalationText(ctx) : reminderText(ctx);
    const payload = { deadlineKind: d.kind, year: d.year, dueDate: d.dueDate, dueDateZh: formatDateZh(d.dueDate), stage: stageKey(stage), missing: d.missing };
    const kind = stage.kind === 'escalation' ? 'reminder_escalation' : 'reminder';
    return { townshipId: t.id, countyId: t.countyId, kind, subject: text.subject, body: text.body, payload };
  }
}

function addRun(total: ReminderRunResult, r: ReminderRunResult): void {
  total.townships += r.townships;
  total.deadlines += r.deadlines;
  total.inserted += r.inserted;
  total.deliveries += r.deliveries;
}
