import { useTemplates } from '../../api/queries';
import { dueDateOf, todayInShanghai } from '../../format';
import type { Schemas } from '../../api/client';

export type Template = Schemas['TemplateSummaryDto'];

/**
 * The report year a township is working on: the earliest year whose report deadline is today or later (the report on
 * last year, due next spring), else the latest year there is a template for.
 */
export function useCurrentReportYear(): { year: number | undefined; template: Template | undefined; isPending: boolean } {
  const q = useTemplates();
  const latestPerYear = new Map<number, Template>();
  // A county's own version of a year (the only county templates a township sees are its own) takes over from the
  // national default's; within one owner the newest version counts.
  const rank = (t: Template) => (t.countyId ? 1_000_000 : 0) + t.version;
  for (const t of q.data ?? []) if (!latestPerYear.has(t.year) || rank(latestPerYear.get(t.year)!) < rank(t)) latestPerYear.set(t.year, t);
  const today = todayInShanghai();
  const ordered = [...latestPerYear.values()].sort((a, b) => a.year - b.year);
  const template = ordered.find((t) => dueDateOf(t.reportSubmitBy, t.year) >= today) ?? ordered[ordered.length - 1];
  return { year: template?.year, template, isPending: q.isPending };
}
