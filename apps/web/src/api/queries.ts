import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';

/** Template versions by year (with how many checklists use them): the years a selector offers. */
export function useTemplates() {
  return useQuery({ queryKey: ['templates'], queryFn: () => unwrap(api.GET('/api/templates')), staleTime: 300_000 });
}

/**
 * The report years to offer, newest first, and the default: the year most townships have reports for (the latest
 * such year on a tie), so the overview opens on the year there is something to compare. Every active township has a
 * checklist for each template year, so the count is of current (not withdrawn) annual reports.
 */
export function useReportYears(): { years: number[]; defaultYear: number | undefined; isPending: boolean } {
  const q = useTemplates();
  const byYear = new Map<number, number>();
  for (const t of q.data ?? []) byYear.set(t.year, (byYear.get(t.year) ?? 0) + t.reportCount);
  const years = [...byYear.keys()].sort((a, b) => b - a);
  let defaultYear: number | undefined;
  for (const y of years) if (defaultYear === undefined || byYear.get(y)! > byYear.get(defaultYear)!) defaultYear = y;
  return { years, defaultYear, isPending: q.isPending };
}

export function useTownships() {
  return useQuery({ queryKey: ['townships'], queryFn: () => unwrap(api.GET('/api/townships', { params: { query: {} } })), staleTime: 120_000 });
}

export function useNotifications() {
  return useQuery({ queryKey: ['notifications'], queryFn: () => unwrap(api.GET('/api/notifications', { params: { query: {} } })), refetchInterval: 60_000 });
}

export type FindingQuery = NonNullable<import('./schema').operations['FindingsController_list']['parameters']['query']>;

/** One page of findings matching the filters (the api pages and filters; nothing is filtered here). */
export function useFindingsPage(query: FindingQuery, enabled = true) {
  return useQuery({
    queryKey: ['findings', 'page', query],
    queryFn: () => unwrap(api.GET('/api/findings', { params: { query } })),
    enabled,
    placeholderData: (prev) => prev,
  });
}

/** How many findings match: the api's total for a one-row page. */
export function useFindingCount(query: Omit<FindingQuery, 'page' | 'pageSize'>, enabled = true) {
  const q = useQuery({
    queryKey: ['findings', 'count', query],
    queryFn: () => unwrap(api.GET('/api/findings', { params: { query: { ...query, pageSize: 1 } } })),
    enabled,
  });
  return { count: q.data?.total, isPending: q.isPending };
}

/** Every finding matching the filters, page by page (for exports and short lists; the api caps a page at 200). */
export async function fetchAllFindings(query: Omit<FindingQuery, 'page' | 'pageSize'>) {
  const pageSize = 200;
  const first = await unwrap(api.GET('/api/findings', { params: { query: { ...query, page: 1, pageSize } } }));
  const items = [...first.items];
  for (let page = 2; items.length < first.total && page <= Math.ceil(first.total / pageSize); page++)
    items.push(...(await unwrap(api.GET('/api/findings', { params: { query: { ...query, page, pageSize } } }))).items);
  return items;
}
