// The versioned obligation template a township-year checklist is built from
// (seeds/checklists/default-template.json is the default one). Pure: no file access, no Nest.
import { z } from 'zod';

/** Stable area ids (obligations-catalogue §1). */
export const AREA_IDS = [
  'leadership',
  'learning',
  'functions',
  'decision',
  'normative_docs',
  'legality_review',
  'legal_counsel',
  'enforcement',
  'reconsideration_litigation',
  'openness',
  'pufa',
  'dispute_resolution',
  'legal_services',
  'supervision',
  'annual_report',
] as const;

export const TIERS = ['core', 'standard', 'optional'] as const;
export const JUDGED_BY = ['text', 'metadata', 'structure'] as const;
/** V = seen in a public page; R = recalled national text, unconfirmed; L = local rule or practice. */
export const SOURCE_TAGS = ['V', 'R', 'L'] as const;

/** Longest a month can be in any year (February counts 29; dueDateFor clamps in common years). */
const MAX_DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const nonEmpty = z.string().trim().min(1, 'must not be empty');
const snakeId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case (a-z, 0-9, _)');

export const dueRuleSchema = z
  .strictObject({
    month: z.int().min(1).max(12),
    day: z.int().min(1).max(31),
    /** 0 = in the report year, 1 = in the following year. */
    yearOffset: z.int().min(0).max(1),
  })
  .refine((r) => r.day <= MAX_DAYS_IN_MONTH[r.month - 1], {
    message: 'day does not exist in that month',
    path: ['day'],
  });

const presenceSchema = z.strictObject({ kind: z.literal('presence') });

const metricMinSchema = z.strictObject({
  kind: z.literal('metric_min'),
  /** A metric key of metrics.tsv for this obligation. */
  metric: snakeId,
  threshold: z.number().nonnegative(),
  unit: nonEmpty,
  /** Where the number comes from, with its [V]/[R]/[L] status. */
  basis: nonEmpty,
});

const rateMinSchema = z.strictObject({
  kind: z.literal('rate_min'),
  metric: snakeId,
  /** A percentage, 0–100. */
  threshold: z.number().min(0).max(100),
  unit: z.literal('%'),
  basis: nonEmpty,
});

export const requirementSchema = z.discriminatedUnion('kind', [presenceSchema, metricMinSchema, rateMinSchema]);

export const obligationSourceSchema = z.strictObject({
  /** A sourceDocuments short name, or a label for a local rule or report. */
  short: nonEmpty,
  tag: z.enum(SOURCE_TAGS),
  /** A URL, or an article / section reference when no page was seen. */
  ref: nonEmpty,
  note: nonEmpty.optional(),
});

export const obligationSchema = z
  .strictObject({
    id: snakeId,
    area: z.enum(AREA_IDS),
    nameZh: nonEmpty,
    descriptionZh: nonEmpty,
    tier: z.enum(TIERS),
    judgedBy: z.enum(JUDGED_BY),
    requirement: requirementSchema,
    /** True when the threshold is [L] or [R]: an editable default rather than a national rule. */
    thresholdIsLocalDefault: z.boolean(),
    due: dueRuleSchema,
    weight: z.number().positive().max(100),
    sources: z.array(obligationSourceSchema).min(1, 'needs at least one source'),
  })
  .refine((o) => o.requirement.kind !== 'presence' || !o.thresholdIsLocalDefault, {
    message: 'a presence requirement has no threshold, so thresholdIsLocalDefault must be false',
    path: ['thresholdIsLocalDefault'],
  });

export const sourceDocumentSchema = z.strictObject({
  short: nonEmpty,
  title: nonEmpty,
  note: nonEmpty.optional(),
  url: z.url().optional(),
});

export const templateSchema = z
  .strictObject({
    templateKey: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be lower-case letters, digits, _ or -'),
    version: z.int().min(1),
    title: nonEmpty,
    description: nonEmpty,
    tagLegend: z.partialRecord(z.enum(SOURCE_TAGS), nonEmpty).optional(),
    weightPolicy: z
      .strictObject({
        core: z.number().positive(),
        standard: z.number().positive(),
        optional: z.number().positive(),
        note: nonEmpty.optional(),
      })
      .optional(),
    sourceDocuments: z.array(sourceDocumentSchema),
    annualReport: z.strictObject({ submitBy: dueRuleSchema, publishBy: dueRuleSchema }),
    obligations: z.array(obligationSchema).min(1, 'needs at least one obligation'),
  })
  .superRefine(
    (t, ctx) => {
      reportDuplicates(keysOf(t.obligations, 'id'), (i, id) =>
        ctx.addIssue({ code: 'custom', path: ['obligations', i, 'id'], message: `duplicate obligation id "${id}"` }),
      );
      reportDuplicates(keysOf(t.sourceDocuments, 'short'), (i, short) =>
        ctx.addIssue({ code: 'custom', path: ['sourceDocuments', i, 'short'], message: `duplicate source document "${short}"` }),
      );
    },
    // Run even when other parts of the template are invalid, so one parse reports every problem.
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );

/** The string values of `key` in a possibly invalid array (non-strings become undefined). */
function keysOf(items: unknown, key: string): (string | undefined)[] {
  if (!Array.isArray(items)) return [];
  return items.map((item: unknown) => {
    const value = typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[key] : undefined;
    return typeof value === 'string' ? value : undefined;
  });
}

function reportDuplicates(values: (string | undefined)[], report: (index: number, value: string) => void): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (v === undefined) return;
    if (seen.has(v)) report(i, v);
    seen.add(v);
  });
}

export type DueRule = z.infer<typeof dueRuleSchema>;
export type Requirement = z.infer<typeof requirementSchema>;
export type ObligationSource = z.infer<typeof obligationSourceSchema>;
export type ObligationDefinition = z.infer<typeof obligationSchema>;
export type SourceDocument = z.infer<typeof sourceDocumentSchema>;
export type TemplateDefinition = z.infer<typeof templateSchema>;

/** Thrown by parseTemplate; `problems` holds one "path: message" line per zod issue. */
export class TemplateValidationError extends Error {
  readonly code = 'TEMPLATE_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid obligation template (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n- ${problems.join('\n- ')}`);
    this.name = 'TemplateValidationError';
  }
}

/** Validates a template (e.g. the parsed default-template.json); throws TemplateValidationError listing every problem. */
export function parseTemplate(json: unknown): TemplateDefinition {
  const result = templateSchema.safeParse(json);
  if (result.success) return result.data;
  throw new TemplateValidationError(result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`));
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/**
 * The calendar date (YYYY-MM-DD) a due rule falls on for a report year. A day past the end of the month
 * is clamped to its last day, so {month: 2, day: 29} gives 02-28 in a common year.
 */
export function dueDateFor(rule: DueRule, reportYear: number): string {
  if (!Number.isInteger(reportYear) || reportYear < 1 || reportYear > 9998) {
    throw new RangeError(`reportYear must be an integer year, got ${reportYear}`);
  }
  if (!Number.isInteger(rule.month) || rule.month < 1 || rule.month > 12) {
    throw new RangeError(`due rule month must be 1–12, got ${rule.month}`);
  }
  if (!Number.isInteger(rule.day) || rule.day < 1) throw new RangeError(`due rule day must be ≥ 1, got ${rule.day}`);
  if (!Number.isInteger(rule.yearOffset)) throw new RangeError(`due rule yearOffset must be an integer, got ${rule.yearOffset}`);
  const year = reportYear + rule.yearOffset;
  const day = Math.min(rule.day, daysInMonth(year, rule.month));
  return `${String(year).padStart(4, '0')}-${String(rule.month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The SQL twin of dueDateFor for set-based queries (the reminder run): `ruleExpr` is a jsonb due rule
 * ({ month, day, yearOffset }), `reportYearExpr` an int; the day is clamped to the month's length the same way.
 */
export function dueDateForSql(ruleExpr: string, reportYearExpr: string): string {
  const first = `make_date((${reportYearExpr}) + (${ruleExpr}->>'yearOffset')::int, (${ruleExpr}->>'month')::int, 1)`;
  return `(${first} + (LEAST((${ruleExpr}->>'day')::int, extract(day FROM ${first} + interval '1 month' - interval '1 day')::int) - 1))::date`;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MAX_DAYS_IN_MONTH[month - 1];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return leap ? 29 : 28;
}
