import { useTemplates } from '../../api/queries';
import { dueDateOf, todayInShanghai } from '../../format';
import type { Schemas } from '../../api/client';

export type Template = Schemas['TemplateSummaryDto'];

/** Per year, the template that applies to the reader's county: its own version when it has one, else the default's. */
function templatesByYear(list: Template[]): Map<number, Template> {
  // A county's own version of a year (the only county templates a township or auditor sees are their own) takes
  // over from the national default's; within one owner the newest version counts.
  const rank = (t: Template) => (t.countyId ? 1_000_000 : 0) + t.version;
  const byYear = new Map<number, Template>();
  for (const t of list) if (!byYear.has(t.year) || rank(byYear.get(t.year)!) < rank(t)) byYear.set(t.year, t);
  return byYear;
}

/** The template that applies to a report year (for its deadlines). */
export function useReportYearTemplate(year: number): { template: Template | undefined } {
  const q = useTemplates();
  return { template: templatesByYear(q.data ?? []).get(year) };
}

/**
 * The report year a township is working on: the earliest year whose report deadline is today or later (the report on
 * last year, due next spring), else the latest year there is a template for.
 */
export function useCurrentReportYear(): { year: number | undefined; template: Template | undefined; isPending: boolean } {
  const q = useTemplates();
  const latestPerYear = templatesByYear(q.data ?? []);
  const today = todayInShanghai();
  const ordered = [...latestPerYear.values()].sort((a, b) => a.year - b.year);
  const template = ordered.find((t) => dueDateOf(t.reportSubmitBy, t.year) >= today) ?? ordered[ordered.length - 1];
  return { year: template?.year, template, isPending: q.isPending };
}
