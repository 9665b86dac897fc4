import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';

/** Template versions by year (with how many checklists use them): the years a selector offers. */
export function useTemplates() {
  return useQuery({ queryKey: ['templates'], queryFn: () => unwrap(api.GET('/api/templates')), staleTime: 300_000 });
}

/**
 * The report years to offer, newest first, and the default: the year most townships have reports for (the latest
 * such year on a tie), so the overview opens on the year there is something to compare.
 */
export function useReportYears(): { years: number[]; defaultYear: number | undefined; isPending: boolean } {
  const q = useTemplates();
  const byYear = new Map<number, number>();
  for (const t of q.data ?? []) byYear.set(t.year, (byYear.get(t.year) ?? 0) + t.checklistCount);
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
