import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';

export type ChecklistView = Schemas['ChecklistViewDto'];
export type ItemView = ChecklistView['items'][number];

export const checklistKey = (townshipId: string, year: number) => ['checklist', townshipId, year] as const;

export function useChecklist(townshipId: string, year: number) {
  return useQuery({
    queryKey: checklistKey(townshipId, year),
    queryFn: () => unwrap(api.GET('/api/townships/{id}/checklists/{year}', { params: { path: { id: townshipId, year } } })),
  });
}

export function useSubmissions(townshipId: string, year: number, poll = false) {
  return useQuery({
    queryKey: ['submissions', townshipId, year],
    queryFn: () => unwrap(api.GET('/api/townships/{id}/submissions', { params: { path: { id: townshipId }, query: { year } } })),
    refetchInterval: (q) => (poll || q.state.data?.some((s) => !['analyzed', 'failed', 'rejected_not_report', 'needs_year_confirmation'].includes(s.status)) ? 2000 : false),
  });
}
