import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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
  ChecklistItem,
  CountyChannelSettings,
  ChecklistTemplate,
  PlanItem,
  Submission,
  type TemplateObligation,
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

type ItemRow = Pick<ChecklistItem, 'obligationId' | 'status' | 'measuredValue' | 'dueDate'>;
type PlanRow = Pick<PlanItem, 'submissionId' | 'text' | 'status' | 'dueDate'>;
/** What a reminder says of an obligation. */
type ObligationLabel = Pick<TemplateObligation, 'templateId' | 'obligationId' | 'nameZh' | 'unit' | 'threshold'>;

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
    const townships = await this.ds.getRepository(Township).find({ where: { countyId, disabled: false }, order: { code: 'ASC' } });
    if (!townships.length) return { asOf, townships: 0, deadlines: 0, inserted: 0, deliveries: 0 };
    const ids = townships.map((t) => t.id);
    const year = yearOf(asOf);
    await this.refreshFindings(ids, year, asOf, now);

    // Independent reads side by side (each on its own pooled connection): a county's job mostly waits on them.
    const [users, deadlines, robotSettings] = await Promise.all([
      this.ds
        .getRepository(User)
        .createQueryBuilder('u')
        .where(`NOT u.disabled AND ((u.role = 'township' AND u.township_id = ANY(:ids)) OR (u.role = 'auditor' AND u.county_id = :countyId))`, { ids, countyId })
        .getMany(),
      this.countyDeadlines(countyId, ids, year),
      // The county's group robots (企业微信, 钉钉): one message per reminder and robot; the URL is read when sent.
      this.ds.getRepository(CountyChannelSettings).findOneBy({ countyId }),
    ]);
    const robots = robotSettings ?? undefined;
    const auditors = users.filter((u) => u.role === 'auditor');
    const staffOf = new Map<string, User[]>();
    for (const u of users) if (u.role === 'township' && u.townshipId) staffOf.set(u.townshipId, [...(staffOf.get(u.townshipId) ?? []), u]);
    const policy = { daysBefore: this.config.reminders.daysBefore, escalationDaysOverdue: this.config.reminders.escalationDaysOverdue };
    const rows: NewNotification[] = [];
    let count = 0;
    for (const t of townships) {
      const list = deadlines.get(t.id) ?? [];
      count += list.length;
      const staff = staffOf.get(t.id) ?? [];
      for (const d of list) {
        for (const stage of dueReminderStages(d.dueDate, asOf, policy)) {
          rows.push(...this.notificationsFor(t, d, stage, stage.kind === 'escalation' ? auditors : staff, robots));
        }
      }
    }
    // Most of a day's reminders were recorded by an earlier run (or the same run's retry): one lookup of the keys
    // leaves only the new ones to insert. The outbox's unique dedupe key still decides under concurrent runs.
    const known = rows.length
      ? new Set(((await this.ds.query(`SELECT dedupe_key FROM notifications WHERE dedupe_key = ANY($1)`, [rows.map((r) => r.dedupeKey)])) as { dedupe_key: string }[]).map((r) => r.dedupe_key))
      : new Set<string>();
    const { inserted, deliveries } = await this.outbox.record(rows.filter((r) => !known.has(r.dedupeKey)), now);
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
    const due: { township_id: string; year: number }[] = await this.ds.query(
      `WITH ty AS (
         SELECT t.id AS township_id, y AS year, c.id AS checklist_id, c.template_id,
                (c.recomputed_at AT TIME ZONE $4)::date AS recomputed_on
           FROM unnest($1::uuid[]) AS t(id) CROSS JOIN unnest(ARRAY[$2::int - 2, $2::int - 1, $2::int]) AS y
           LEFT JOIN checklists c ON c.township_id = t.id AND c.year = y)
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
      m
        .createQueryBuilder(Submission, 's')
        .select(['s.id', 's.townshipId', 's.year', 's.status', 's.analyzedAt', 's.submittedAt', 's.publishedAt', 's.publishedUrl'])
        .where(`s.township_id = ANY(:ids) AND s.year = ANY(:years) AND s.kind = 'annual_report' AND s.withdrawn_at IS NULL`, { ids, years })
        .orderBy('s.submitted_at', 'ASC')
        .addOrderBy('s.id', 'ASC')
        .getMany(),
      findTemplateFor(m, countyId, year - 1),
      findTemplateFor(m, countyId, year),
      // Raw rows, and only what can make a deadline (unmet items): at a county's size, hydrating every item as an
      // entity costs more than the queries.
      m.query(
        `SELECT c.township_id, c.year, c.template_id, i.obligation_id AS "obligationId", i.status::text AS status,
                i.measured_value AS "measuredValue", i.due_date::text AS "dueDate"
           FROM checklists c JOIN checklist_items i ON i.checklist_id = c.id
           LEFT JOIN template_obligations o ON o.template_id = c.template_id AND o.obligation_id = i.obligation_id
          WHERE c.township_id = ANY($1) AND c.year = ANY($2) AND i.status::text <> ALL($5::text[])
            AND i.obligation_id NOT IN ($3, $4)
          ORDER BY c.township_id, c.year, o.position, i.obligation_id`,
        [ids, years, SUBMISSION_OBLIGATION, PUBLICATION_OBLIGATION, MET_ITEM_STATUSES],
      ) as Promise<(ItemRow & { township_id: string; year: number; template_id: string })[]>,
      // The obligations of every template the county's checklists of these years use, in one read.
      m.query(
        `SELECT template_id AS "templateId", obligation_id AS "obligationId", name_zh AS "nameZh", unit, threshold
           FROM template_obligations
          WHERE template_id IN (SELECT DISTINCT template_id FROM checklists WHERE township_id = ANY($1) AND year = ANY($2))`,
        [ids, years],
      ) as Promise<ObligationLabel[]>,
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
      if (!obligationsByTemplate.has(o.templateId)) obligationsByTemplate.set(o.templateId, new Map());
      obligationsByTemplate.get(o.templateId)!.set(o.obligationId, o);
    }
    const itemsOf = groupBy(items, (i) => `${i.township_id}:${i.year}`);
    const currentReports = ids.flatMap((id) => years.map((y) => docsOf(id, y).current).filter((r): r is Submission => r !== null));
    const reportIds = currentReports.map((r) => r.id);
    const plans: PlanRow[] = reportIds.length
      ? await m.query(
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
        const own = itemsOf.get(`${townshipId}:${y}`) ?? [];
        if (own.length) list.push(...this.checklistDeadlines(townshipId, y, own, obligationsByTemplate.get(own[0].template_id)!));
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
  private checklistDeadlines(townshipId: string, year: number, items: ItemRow[], obligations: Map<string, ObligationLabel>): Deadline[] {
    const byDue = new Map<string, string[]>();
    // The rows are the unmet items already (the query filters by MET_ITEM_STATUSES and leaves the metadata items out).
    for (const item of items) {
      const o = obligations.get(item.obligationId);
      if (!o) continue;
      byDue.set(item.dueDate, [...(byDue.get(item.dueDate) ?? []), this.itemLabel(o, item)]);
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

  private notificationsFor(t: Township, d: Deadline, stage: ReminderStage, recipients: User[], robots?: CountyChannelSettings): NewNotification[] {
    const ctx = { kind: d.kind, townshipName: t.name, year: d.year, dueDate: d.dueDate, stage, missing: d.missing };
    const text = stage.kind === 'escalation' ? escalationText(ctx) : reminderText(ctx);
    const key = (recipient: string, channel: string) => `${d.kind}:${d.subject}:${stageKey(stage)}:${recipient}:${channel}`;
    const payload = { deadlineKind: d.kind, year: d.year, dueDate: d.dueDate, dueDateZh: formatDateZh(d.dueDate), stage: stageKey(stage), missing: d.missing };
    const kind = stage.kind === 'escalation' ? 'reminder_escalation' : 'reminder';
    const base = { townshipId: t.id, countyId: t.countyId, kind, subject: text.subject, body: text.body, payload };
    const out: NewNotification[] = [];
    for (const u of recipients) {
      out.push({ ...base, dedupeKey: key(u.id, 'in_app'), channel: 'in_app', recipientUserId: u.id, recipientAddress: null });
      if (u.email && this.config.mail.smtpUrl) {
        out.push({ ...base, dedupeKey: key(u.id, 'email'), channel: 'email', recipientUserId: u.id, recipientAddress: u.email });
      }
    }
    if (this.config.webhook.url) {
      out.push({ ...base, dedupeKey: key(`county:${t.countyId}`, 'webhook'), channel: 'webhook', recipientUserId: null, recipientAddress: this.config.webhook.url });
    }
    // The county's group robots: one message per reminder and robot; the URL is read from the settings when sent.
    if (robots?.wecomWebhookUrl) {
      out.push({ ...base, dedupeKey: key(`county:${t.countyId}`, 'wecom'), channel: 'wecom', recipientUserId: null, recipientAddress: null });
    }
    if (robots?.dingtalkWebhookUrl) {
      out.push({ ...base, dedupeKey: key(`county:${t.countyId}`, 'dingtalk'), channel: 'dingtalk', recipientUserId: null, recipientAddress: null });
    }
    return out;
  }
}

function addRun(total: ReminderRunResult, r: ReminderRunResult): void {
  total.townships += r.townships;
  total.deadlines += r.deadlines;
  total.inserted += r.inserted;
  total.deliveries += r.deliveries;
}
