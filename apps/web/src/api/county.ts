import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { api, unwrap } from './client';
import type { Me } from '../auth/AuthContext';

/**
 * The county a page shows: an auditor's own; an admin picks one (?county=, default the first), since admins see
 * every county.
 */
export function useCounty(me: Me): { countyId: string | undefined; countyName: string | undefined; counties: { id: string; name: string }[]; setCounty: (id: string) => void } {
  const [params, setParams] = useSearchParams();
  const counties = useQuery({ queryKey: ['counties'], queryFn: () => unwrap(api.GET('/api/counties')), enabled: me.role === 'admin' });
  if (me.role !== 'admin') return { countyId: me.countyId ?? undefined, countyName: me.countyName ?? undefined, counties: [], setCounty: () => undefined };
  const list = counties.data ?? [];
  const chosen = list.find((c) => c.id === params.get('county')) ?? list[0];
  return {
    countyId: chosen?.id,
    countyName: chosen?.name,
    counties: list,
    setCounty: (id) => {
      const next = new URLSearchParams(params);
      next.set('county', id);
      setParams(next);
    },
  };
}
