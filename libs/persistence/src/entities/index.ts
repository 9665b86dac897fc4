export * from './county.entity';
export * from './township.entity';
export * from './user.entity';
export * from './refresh-token.entity';
export * from './checklist-template.entity';
export * from './template-obligation.entity';
export * from './checklist.entity';
export * from './checklist-item.entity';
export * from './submission.entity';
export * from './submission-text.entity';
export * from './evidence.entity';
export * from './metric-value.entity';
export * from './plan-item.entity';
export * from './problem.entity';
export * from './finding.entity';
export * from './notification.entity';
export * from './webhook-delivery.entity';
export * from './audit-log.entity';
export * from './checklist-recompute-request.entity';
export * from './county-channel-settings.entity';

import { County } from './county.entity';
import { Township } from './township.entity';
import { User } from './user.entity';
import { RefreshToken } from './refresh-token.entity';
import { ChecklistTemplate } from './checklist-template.entity';
import { TemplateObligation } from './template-obligation.entity';
import { Checklist } from './checklist.entity';
import { ChecklistItem } from './checklist-item.entity';
import { Submission } from './submission.entity';
import { SubmissionText } from './submission-text.entity';
import { Evidence } from './evidence.entity';
import { MetricValue } from './metric-value.entity';
import { PlanItem } from './plan-item.entity';
import { Problem } from './problem.entity';
import { Finding } from './finding.entity';
import { Notification } from './notification.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { AuditLog } from './audit-log.entity';
import { ChecklistRecomputeRequest } from './checklist-recompute-request.entity';
import { CountyChannelSettings } from './county-channel-settings.entity';

export const ENTITIES = [
  County, Township, User, RefreshToken, ChecklistTemplate, TemplateObligation, Checklist, ChecklistItem, Submission,
  SubmissionText, Evidence, MetricValue, PlanItem, Problem, Finding, Notification, WebhookDelivery, AuditLog,
  ChecklistRecomputeRequest, CountyChannelSettings,
];
