// The status and kind unions of the checklist, defined once. The TypeORM entities (libs/persistence) take their enum
// columns from these arrays; this file imports nothing, so the entities can load it by relative path wherever they
// are loaded (jest's globalSetup resolves no `@app/*` alias).

export const REQUIREMENT_KINDS = ['presence', 'metric_min', 'rate_min'] as const;
export type RequirementKind = (typeof REQUIREMENT_KINDS)[number];

/** What the analysis shows of an obligation. */
export const AUTO_ITEM_STATUSES = ['missing', 'auto_evidenced', 'below_threshold'] as const;
export type AutoItemStatus = (typeof AUTO_ITEM_STATUSES)[number];
/** What an auditor decided about it. */
export const ITEM_DECISIONS = ['accepted', 'rejected', 'waived'] as const;
export type ItemDecision = (typeof ITEM_DECISIONS)[number];
/** The effective item status: the decision when there is one, else the automatic status (order is the db enum's). */
export const ITEM_STATUSES = ['missing', 'auto_evidenced', 'accepted', 'rejected', 'waived', 'below_threshold'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const PLAN_ITEM_STATUSES = ['open', 'fulfilled', 'partially', 'overdue'] as const;
export type PlanItemStatus = (typeof PLAN_ITEM_STATUSES)[number];

export const PROBLEM_STATUSES = ['open', 'rectified', 'recurring'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

export const FINDING_KINDS = ['missing_evidence', 'below_threshold', 'overdue_plan', 'unrectified_problem', 'late_report', 'unpublished_report'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];
export const FINDING_STATUSES = ['open', 'resolved'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** Findings about one checklist item's evidence (a township's answer to one puts the item back in 待审). */
export const ITEM_FINDING_KINDS = ['missing_evidence', 'below_threshold'] as const satisfies readonly FindingKind[];
/** The finding kinds a township-year's own judgement opens and resolves (judgeTownshipYear). */
export const TOWNSHIP_YEAR_FINDING_KINDS = [...ITEM_FINDING_KINDS, 'late_report', 'unpublished_report'] as const satisfies readonly FindingKind[];
/** The finding kinds the judgement of the commitments due in a year opens and resolves (judgeCommitments). */
export const COMMITMENT_FINDING_KINDS = ['overdue_plan', 'unrectified_problem'] as const satisfies readonly FindingKind[];
