import { Navigate } from 'react-router-dom';
import { Empty } from 'antd';
import { useReportYears } from '../../api/queries';
import { useMe } from '../../auth/AuthContext';

/** A township's own checklist: its page for the latest report year with reports. */
export default function MyChecklistPage() {
  const me = useMe();
  const { defaultYear, isPending } = useReportYears();
  if (isPending) return null;
  if (!defaultYear || !me.townshipId) return <Empty description="尚无检查清单" />;
  return <Navigate to={`/townships/${me.townshipId}/${defaultYear}`} replace />;
}
