import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThanOrEqual } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  dueDateFor,
  dueReminderStages,
  escalationText,
  formatDateZh,
  isItemMet,
  stageKey,
  yearOf,
  reminderText,
  type DeadlineKind,
  type ReminderStage,
} from '@app/domain';
import {
  Checklist,
  ChecklistItem,
  CountyChannelSettings,
  PlanItem,
  Submission,
  TemplateObligation,
  Township,
  User,
  findTemplateFor,
  isReportPublished,
  loadTownshipYearDocs,
  templateObligations,
} from '@app/persistence';
import { ChecklistRecomputeService, PUBLICATION_OBLIGATION, SUBMISSION_OBLIGATION } from '../checklist/checklist-recompute.service';
import { NotificationOutboxService, type NewNotification } from '../notifications/notification-outbox.service';

export interface Deadline {
  kind: DeadlineKind;
  /** Names the thing the reminder is about, stable across runs: part of the dedupe key. */
  subject: string;
  year: number;
  dueDate: string;
  missing: string[];
}

export interface ReminderRunResult {
  asOf: string;
  townships: number;
  deadlines: number;
  inserted: number;
  deliveries: number;
}

/**
 * The daily reminder run. For each active township: refreshes the date-driven findings (late and unpublished
 * reports, overdue plan items), lists its open deadlines, asks the domain rules which reminder stages are due today,
 * and records one notification per stage, recipient and channel through the outbox (which dedupes).
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

  async run(asOf: string, now: Date): Promise<ReminderRunResult> {
    const townships = await this.ds.getRepository(Township).find({ where: { disabled: false }, order: { code: 'ASC' } });
    const users = await this.ds.getRepository(User).find({ where: { disabled: false, role: In(['township', 'auditor']) } });
    const policy = { daysBefore: this.config.reminders.daysBefore, escalationDaysOverdue: this.config.reminders.escalationDaysOverdue };
    const year = yearOf(asOf);
    const robots = new Map((await this.ds.getRepository(CountyChannelSettings).find()).map((s) => [s.countyId, s]));
    const rows: NewNotification[] = [];
    let deadlines = 0;

    for (const t of townships) {
      await this.refreshFindings(t.id, year, now);
      const list = await this.deadlinesOf(t, year);
      deadlines += list.length;
      const staff = users.filter((u) => u.role === 'township' && u.townshipId === t.id);
      const auditors = users.filter((u) => u.role === 'auditor' && u.countyId === t.countyId);
      for (const d of list) {
        for (const stage of dueReminderStages(d.dueDate, asOf, policy)) {
          rows.push(...this.notificationsFor(t, d, stage, stage.kind === 'escalation' ? auditors : staff, robots.get(t.countyId)));
        }
      }
    }
    const { inserted, deliveries } = await this.outbox.record(rows, now);
    this.logger.log(`reminders ${asOf}: ${townships.length} townships, ${deadlines} deadlines, ${inserted} new notifications`);
    return { asOf, townships: townships.length, deadlines, inserted, deliveries };
  }

  /**
   * Date-driven findings change with the calendar alone, so the daily run recomputes the years they live in. The
   * current year is among them, so its checklist exists from the year's first day (recompute creates it).
   */
  private async refreshFindings(townshipId: string, year: number, now: Date): Promise<void> {
    const checklists = await this.ds.getRepository(Checklist).find({ where: { townshipId, year: MoreThanOrEqual(year - 2) } });
    const years = new Set([year - 1, year, ...checklists.map((c) => c.year)]);
    for (const y of [...years].sort()) await this.recompute.recomputeLocked(townshipId, y, now);
  }

  private async deadlinesOf(t: Township, year: number): Promise<Deadline[]> {
    const out: Deadline[] = [];
    for (const y of [year - 1, year]) {
      const template = await findTemplateFor(this.ds.manager, t.countyId, y);
      if (!template) continue;
      const docs = await loadTownshipYearDocs(this.ds.manager, t.id, y);
      if (!docs.submittedReports.length) {
        out.push({ kind: 'report_submission', subject: `report:${t.id}:${y}`, year: y, dueDate: dueDateFor(template.reportSubmitBy, y), missing: [] });
      } else if (!isReportPublished(docs.submittedReports)) {
        // Publication is chased only once the report is in; before that the submission reminder says it all.
        out.push({ kind: 'report_publication', subject: `publication:${t.id}:${y}`, year: y, dueDate: dueDateFor(template.reportPublishBy, y), missing: [] });
      }
    }
    for (const y of [year - 2, year - 1, year]) {
      const docs = await loadTownshipYearDocs(this.ds.manager, t.id, y);
      if (docs.currentReport) {
        out.push(...(await this.checklistDeadlines(t.id, y)));
        out.push(...(await this.planDeadlines(t.id, y, docs.currentReport)));
      }
    }
    return out;
  }

  /**
   * Items not met, one deadline per due date. Only once the year's report is analysed: before that every item is
   * "missing" by default and the report reminder is the one that matters.
   */
  private async checklistDeadlines(townshipId: string, year: number): Promise<Deadline[]> {
    const checklist = await this.ds.getRepository(Checklist).findOneBy({ townshipId, year });
    if (!checklist) return [];
    const items = await this.ds.getRepository(ChecklistItem).find({ where: { checklistId: checklist.id } });
    const obligations = new Map((await templateObligations(this.ds.manager, checklist.templateId)).map((o) => [o.obligationId, o]));
    const byDue = new Map<string, string[]>();
    for (const item of items) {
      const o = obligations.get(item.obligationId);
      if (!o || isItemMet(item.status) || item.obligationId === SUBMISSION_OBLIGATION || item.obligationId === PUBLICATION_OBLIGATION) continue;
      byDue.set(item.dueDate, [...(byDue.get(item.dueDate) ?? []), this.itemLabel(o, item)]);
    }
    return [...byDue.entries()].map(([dueDate, missing]) => ({ kind: 'checklist_items' as const, subject: `items:${townshipId}:${year}:${dueDate}`, year, dueDate, missing }));
  }

  private itemLabel(o: TemplateObligation, item: ChecklistItem): string {
    if (item.status === 'below_threshold' && item.measuredValue !== null) return `${o.nameZh}（现为${item.measuredValue}${o.unit ?? ''}，要求${o.threshold}${o.unit ?? ''}）`;
    if (item.status === 'rejected') return `${o.nameZh}（证据未获认可）`;
    return o.nameZh;
  }

  /** Commitments of the year's report not yet fulfilled, one deadline per due date. */
  private async planDeadlines(townshipId: string, year: number, report: Submission): Promise<Deadline[]> {
    const plans = await this.ds.getRepository(PlanItem).find({ where: { submissionId: report.id }, order: { position: 'ASC' } });
    const byDue = new Map<string, string[]>();
    for (const p of plans) {
      if (p.status === 'fulfilled') continue;
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
