import type { ReactNode } from 'react';
import { Alert, Skeleton } from 'antd';
import { ApiError, errorText } from '../api/errors';
import { NotFound } from './NotFound';

/** Loading skeleton, the 404 page for a 404, a Chinese error otherwise; the content when the data is there. */
export function QueryState<T>({ query, children }: { query: { data?: T; error: unknown; isPending: boolean }; children: (data: T) => ReactNode }) {
  if (query.error) {
    if (query.error instanceof ApiError && query.error.status === 404) return <NotFound />;
    return <Alert type="error" showIcon title="加载失败" description={errorText(query.error)} />;
  }
  if (query.isPending || query.data === undefined) return <Skeleton active paragraph={{ rows: 6 }} />;
  return <>{children(query.data)}</>;
}
