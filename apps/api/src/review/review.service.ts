import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { effectiveItemStatus, effectivePlanStatus, hasOpenQuestion } from '@app/domain';
import type { AuditAction } from '@app/domain/labels';
import { Checklist, ChecklistItem, Evidence, PlanItem, lockTownshipYears, type ItemDecision } from '@app/persistence';
import { AuditService } from '../audit/audit.service';
import { AccessScope } from '../common/access-scope.service';
import { BadRequestError, NotFoundError } from '../common/domain-error';
import type { Principal } from '../common/principal';
import { evidenceView, type EvidenceView } from '../checklists/checklist-view';
import { JobProducer } from '../jobs/job-producer.service';
import { SubmissionIntake, type UploadedFileInput } from '../submissions/submission-intake.service';
import { rescoreChecklist } from './checklist-rescore';
import { ReviewRequests, type ReviewRequestResult } from './review-requests.service';
import type { DecisionAction, OverridePlanItemDto, ReviewEvidenceDto } from './dto/review.dto';

const DECISIONS: Record<DecisionAction, ItemDecision | null> = { accept: 'accepted', reject: 'rejected', waive: 'waived', clear: null };

/**
 * Auditors' decisions. Each writes the change, its audit entry and a durable recompute request in one transaction,
 * then adds the recompute job without waiting on Redis (the worker's sweeper adds it when that fails).
 */
@Injectable()
export class ReviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: AccessScope,
    private readonly audit: AuditService,
    private readonly jobs: JobProducer,
    private readonly intake: SubmissionIntake,
    private readonly reviewRequests: ReviewRequests,
  ) {}

  /**
   * The decision, its audit entry, the item's new status and the checklist's new score in one transaction (the score
   * by the shared domain rules, see rescoreChecklist), plus a durable request for the full recompute (findings, year
   * over year) that the worker does. Redis being down delays only that recompute, never the answer.
   */
  async decideItem(user: Principal, itemId: string, action: DecisionAction, reason?: string, comment?: string): Promise<ChecklistItem & { checklistScore: number }> {
    if (action === 'waive' && !reason?.trim()) throw new BadRequestError('REASON_REQUIRED', '豁免须说明理由');
    const { checklist, countyId } = await this.itemInScope(user, itemId);
    const after = await this.dataSource.transaction(async (m) => {
      // The same lock order as the worker's writes: township-year first, then rows.
      await lockTownshipYears(m, checklist.townshipId, [checklist.year, checklist.year + 1]);
      const before = await m.findOneOrFail(ChecklistItem, { where: { id: itemId }, lock: { mode: 'pessimistic_write' } });
      const decision = DECISIONS[action];
      await m.update(ChecklistItem, { id: itemId }, {
        decision,
        status: effectiveItemStatus(before.autoStatus, decision),
        decisionReason: decision ? (reason ?? null) : null,
        decidedBy: decision ? user.id : null,
        decidedAt: decision ? new Date() : null,
        ...(comment !== undefined ? commentFields(user, comment) : {}),
      });
      // The auditor has looked again: the township's request for review is answered.
      await ReviewRequests.clear(m, itemId);
      const checklistScore = await rescoreChecklist(m, checklist.id);
      await this.jobs.requestRecompute(m, checklist.townshipId, checklist.year);
      const after = await m.findOneByOrFail(ChecklistItem, { id: itemId });
      await this.recordItem(m, user, `checklist_item.${action}`, itemId, countyId, checklist.townshipId, pickDecision(before), { ...pickDecision(after), checklistScore });
      return Object.assign(after, { checklistScore });
    });
    this.jobs.enqueueRecompute(checklist.townshipId, checklist.year);
    return after;
  }

  /**
   * 审核意见 alone: a question to the township that changes neither the status nor the score. The township is told
   * and answers with its note (setTownshipNote), which puts the item back in 待审. The ball is then the township's,
   * so a pending request for review is answered as a decision answers it.
   */
  async commentItem(user: Principal, itemId: string, comment: string | undefined): Promise<ChecklistItem & { checklistScore: number }> {
    const text = comment?.trim();
    if (!text) throw new BadRequestError('COMMENT_REQUIRED', '请填写审核意见');
    const { checklist, countyId } = await this.itemInScope(user, itemId);
    let notice: ReviewRequestResult | null = null;
    const after = await this.dataSource.transaction(async (m) => {
      await lockTownshipYears(m, checklist.townshipId, [checklist.year, checklist.year + 1]);
      const before = await m.findOneOrFail(ChecklistItem, { where: { id: itemId }, lock: { mode: 'pessimistic_write' } });
      await m.update(ChecklistItem, { id: itemId }, commentFields(user, text));
      await ReviewRequests.clear(m, itemId);
      const after = await m.findOneByOrFail(ChecklistItem, { id: itemId });
      await this.recordItem(m, user, 'checklist_item.comment', itemId, countyId, checklist.townshipId, pickDecision(before), pickDecision(after));
      const [o]: { name_zh: string }[] = await m.query(`SELECT name_zh FROM template_obligations WHERE template_id = $1 AND obligation_id = $2`, [checklist.templateId, before.obligationId]);
      notice = await this.reviewRequests.questionAsked(m, { id: itemId, townshipId: checklist.townshipId, countyId, year: checklist.year, itemName: o?.name_zh ?? '检查项' }, text);
      return Object.assign(after, { checklistScore: (await m.findOneByOrFail(Checklist, { id: checklist.id })).score });
    });
    this.reviewRequests.deliver(notice);
    return after;
  }

  async reviewEvidence(user: Principal, evidenceId: string, dto: ReviewEvidenceDto): Promise<EvidenceView> {
    const evidence = await this.dataSource.manager.findOneBy(Evidence, { id: evidenceId });
    if (!evidence) throw new NotFoundError('EVIDENCE_NOT_FOUND', '佐证不存在');
    const { checklist, countyId } = await this.itemInScope(user, evidence.checklistItemId, 'EVIDENCE_NOT_FOUND');
    const after = await this.dataSource.transaction(async (m) => {
      await lockTownshipYears(m, checklist.townshipId, [checklist.year, checklist.year + 1]);
      await m.update(Evidence, { id: evidenceId }, {
        reviewState: dto.reviewState,
        reviewedBy: dto.reviewState === 'pending' ? null : user.id,
        reviewedAt: dto.reviewState === 'pending' ? null : new Date(),
        ...(dto.comment !== undefined ? { comment: dto.comment } : {}),
      });
      const after = await m.findOneByOrFail(Evidence, { id: evidenceId });
      await this.audit.record(m, user, {
        action: 'evidence.review',
        entityType: 'evidence',
        entityId: evidenceId,
        countyId,
        townshipId: checklist.townshipId,
        before: { reviewState: evidence.reviewState, comment: evidence.comment },
        after: { reviewState: after.reviewState, comment: after.comment },
      });
      if (dto.reviewState !== 'pending') {
        const item = await m.findOneOrFail(ChecklistItem, { where: { id: evidence.checklistItemId }, lock: { mode: 'pessimistic_write' } });
        // Accepting new evidence on a rejected item supersedes the rejection: the item goes back to what its (now
        // accepted) evidence shows, and its finding resolves on the recompute. Rejecting it keeps the rejection.
        if (dto.reviewState === 'accepted' && item.decision === 'rejected') {
          await m.update(ChecklistItem, { id: item.id }, { decision: null, decisionReason: null, decidedBy: null, decidedAt: null, status: effectiveItemStatus(item.autoStatus, null) });
          const checklistScore = await rescoreChecklist(m, checklist.id);
          await this.recordItem(m, user, 'checklist_item.clear', item.id, countyId, checklist.townshipId, pickDecision(item), { ...pickDecision(await m.findOneByOrFail(ChecklistItem, { id: item.id })), checklistScore, cause: 'evidence_accepted', evidenceId });
        }
        await ReviewRequests.clear(m, item.id);
      }
      // Rejected evidence no longer counts towards the item's automatic status: the worker recomputes it.
      await this.jobs.requestRecompute(m, checklist.townshipId, checklist.year);
      return after;
    });
    this.jobs.enqueueRecompute(checklist.townshipId, checklist.year);
    return evidenceView(after);
  }

  /** A reviewer's note, or a file that becomes an evidence submission of the item's township and year. */
  async addEvidence(user: Principal, itemId: string, note: string | undefined, file: UploadedFileInput | undefined): Promise<{ evidence: EvidenceView; submissionId: string | null; duplicate?: boolean }> {
    const { checklist, countyId } = await this.itemInScope(user, itemId);
    let submission: { id: string; fileName: string } | null = null;
    let duplicate = false;
    const record = async (m: EntityManager): Promise<Evidence> => {
      if (submission) {
        const existing = await m.findOneBy(Evidence, { checklistItemId: itemId, submissionId: submission.id, source: 'manual' });
        if (existing) return existing;
      }
      // Evidence a reviewer adds is already reviewed.
      const saved = await m.save(
        m.create(Evidence, {
          checklistItemId: itemId,
          submissionId: submission?.id ?? null,
          source: 'manual',
          note: note ?? submission?.fileName ?? null,
          reviewState: 'accepted',
          reviewedBy: user.id,
          reviewedAt: new Date(),
          createdBy: user.id,
        }),
      );
      await this.audit.record(m, user, { action: 'evidence.create', entityType: 'evidence', entityId: saved.id, countyId, townshipId: checklist.townshipId, after: evidenceView(saved) });
      await this.jobs.requestRecompute(m, checklist.townshipId, checklist.year);
      return saved;
    };
    let evidence: Evidence | null = null;
    if (file) {
      // The file goes through the township upload path (content check, dedupe, analysis job) as an evidence file. A new
      // file's accepted evidence row commits with its submission row, before its analysis job exists: the worker's
      // recompute never sees the file without the auditor's acceptance.
      ({ submission, duplicate } = await this.intake.submit(user, { townshipId: checklist.townshipId, year: checklist.year, kind: 'evidence', checklistItemId: itemId }, file, async (m, s) => {
        submission = s;
        evidence = await record(m);
      }));
    } else if (!note?.trim()) {
      throw new BadRequestError('NOTE_OR_FILE_REQUIRED', '请填写说明或上传文件');
    }
    evidence ??= await this.dataSource.transaction(record);
    this.jobs.enqueueRecompute(checklist.townshipId, checklist.year);
    return { evidence: evidenceView(evidence), submissionId: submission?.id ?? null, ...(duplicate ? { duplicate } : {}) };
  }
  /**
   * The township's own note on one of its items (本年度未发生, 材料见附件…), shown to the auditor next to the evidence;
   * an empty note removes it. A note on a rejected item puts it back in 待审 and tells the county's auditors.
   */
  async setTownshipNote(user: Principal, itemId: string, note: string | null): Promise<ChecklistItem> {
    const { checklist, countyId } = await this.itemInScope(user, itemId);
    const text = note?.trim() ? note.trim() : null;
    let request: ReviewRequestResult | null = null;
    const after = await this.dataSource.transaction(async (m) => {
      await lockTownshipYears(m, checklist.townshipId, [checklist.year, checklist.year + 1]);
      const before = await m.findOneOrFail(ChecklistItem, { where: { id: itemId }, lock: { mode: 'pessimistic_write' } });
      await m.update(ChecklistItem, { id: itemId }, { townshipNote: text, townshipNoteBy: text ? user.id : null, townshipNoteAt: text ? new Date() : null });
      await this.recordItem(m, user, 'checklist_item.township_note', itemId, countyId, checklist.townshipId, { townshipNote: before.townshipNote }, { townshipNote: text });
      // A note answers the auditor's open question, or speaks to a rejection: either way the auditor looks again.
      if (text && hasOpenQuestion(before)) request = await this.reviewRequests.request(m, user, itemId, 'question_answered', text);
      else if (text && before.decision === 'rejected') request = await this.reviewRequests.request(m, user, itemId, 'township_note', text);
      return m.findOneByOrFail(ChecklistItem, { id: itemId });
    });
    this.reviewRequests.deliver(request);
    return after;
  }

  /** An override wins over the automatic judgement and survives re-analysis; 'auto' hands it back to the analysis. */
  async overridePlanItem(user: Principal, planItemId: string, dto: OverridePlanItemDto): Promise<PlanItem> {
    const planItem = await this.dataSource.manager.findOneBy(PlanItem, { id: planItemId });
    if (!planItem) throw new NotFoundError('PLAN_ITEM_NOT_FOUND', '计划事项不存在');
    const township = await this.scope.township(user, planItem.townshipId, 'PLAN_ITEM_NOT_FOUND');
    const after = await this.dataSource.transaction(async (m) => {
      const override = dto.status === 'auto' ? null : dto.status;
      await m.update(PlanItem, { id: planItemId }, {
        overrideStatus: override,
        overrideReason: override ? dto.reason : null,
        overrideBy: override ? user.id : null,
        overrideAt: override ? new Date() : null,
        status: effectivePlanStatus(planItem.autoStatus, override),
      });
      const after = await m.findOneByOrFail(PlanItem, { id: planItemId });
      await this.audit.record(m, user, {
        action: override ? 'plan_item.override' : 'plan_item.clear_override',
        entityType: 'plan_item',
        entityId: planItemId,
        countyId: township.countyId,
        townshipId: township.id,
        before: { status: planItem.status, overrideStatus: planItem.overrideStatus, overrideReason: planItem.overrideReason },
        after: { status: after.status, overrideStatus: after.overrideStatus, overrideReason: after.overrideReason, reason: dto.reason },
      });
      // The plan is judged in the year it was due: that year's findings follow the new status.
      await this.jobs.requestRecompute(m, planItem.townshipId, planItem.planYear);
      return after;
    });
    this.jobs.enqueueRecompute(planItem.townshipId, planItem.planYear);
    return after;
  }

  /** The audit entry of a change to one checklist item, under its county and township. */
  private recordItem(m: EntityManager, user: Principal, action: AuditAction, itemId: string, countyId: string, townshipId: string, before: object, after: object): Promise<void> {
    return this.audit.record(m, user, { action, entityType: 'checklist_item', entityId: itemId, countyId, townshipId, before, after });
  }

  private async itemInScope(user: Principal, itemId: string, notFoundCode = 'CHECKLIST_ITEM_NOT_FOUND', m: EntityManager = this.dataSource.manager): Promise<{ checklist: Checklist; countyId: string }> {
    const item = await m.findOne(ChecklistItem, { where: { id: itemId }, relations: { checklist: true } });
    if (!item) throw new NotFoundError(notFoundCode, '检查项不存在');
    const township = await this.scope.township(user, item.checklist!.townshipId, notFoundCode);
    return { checklist: item.checklist!, countyId: township.countyId };
  }
}

const pickDecision = (i: ChecklistItem) => ({ status: i.status, decision: i.decision, decisionReason: i.decisionReason, comment: i.comment, reviewRequestedAt: i.reviewRequestedAt });

/** The comment columns as an auditor writes them; an empty comment removes it. */
const commentFields = (user: Principal, comment: string) => {
  const text = comment.trim() || null;
  return { comment: text, commentBy: text ? user.id : null, commentAt: text ? new Date() : null };
};
