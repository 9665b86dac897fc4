import { useEffect, useMemo, useRef } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Space, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { api, unwrap } from '../../api/client';
import { QueryState } from '../../components/QueryState';
import { sectionName } from '../../catalogue';
import { useChecklist, type ChecklistView } from '../township-year/useChecklist';
import { segment, type Range } from './segment';

function quoteRanges(checklist: ChecklistView, submissionId: string): Range[] {
  const ranges: Range[] = [];
  for (const item of checklist.items)
    for (const e of item.evidence)
      if (e.submissionId === submissionId && e.startOffset !== null && e.startOffset !== undefined && e.endOffset !== null && e.endOffset !== undefined)
        ranges.push({ start: e.startOffset, end: e.endOffset, evidenceId: e.id, label: `${item.name}（${sectionName(e.section)}）` });
  return ranges;
}

/** The report as the worker read it, every evidence quote marked, the chosen one highlighted and scrolled into view. */
export default function ReportTextPage() {
  const { townshipId = '', year = '', submissionId = '' } = useParams();
  const [params] = useSearchParams();
  const current = params.get('evidence');
  const text = useQuery({
    queryKey: ['submission-text', submissionId],
    queryFn: () => unwrap(api.GET('/api/submissions/{id}/text', { params: { path: { id: submissionId } } })),
    staleTime: Infinity,
  });
  const checklist = useChecklist(townshipId, Number(year));
  const back = `/townships/${townshipId}/${year}`;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to={back}>
        <ArrowLeftOutlined /> 返回检查清单
      </Link>
      <QueryState query={text}>
        {(t) => (
          <QueryState query={checklist}>
            {(c) => <Report text={t.text} checklist={c} submissionId={submissionId} current={current} />}
          </QueryState>
        )}
      </QueryState>
    </Space>
  );
}

function Report({ text, checklist, submissionId, current }: { text: string; checklist: ChecklistView; submissionId: string; current: string | null }) {
  const ranges = useMemo(() => quoteRanges(checklist, submissionId), [checklist, submissionId]);
  const pieces = useMemo(() => segment(text, ranges), [text, ranges]);
  const target = ranges.find((r) => r.evidenceId === current);
  const targetRef = useRef<HTMLElement | null>(null);
  useEffect(() => {
    targetRef.current?.scrollIntoView({ block: 'center' });
    targetRef.current?.focus({ preventScroll: true });
  }, [current, pieces]);
  let firstTarget = true;

  return (
    <Card
      // The title wraps (a phone would cut it to 金马镇 2023年度报告…), the count of quotes beneath it when narrow.
      styles={{ title: { whiteSpace: 'normal' } }}
      title={
        <Space wrap size={[12, 0]}>
          <span>{`${checklist.township.name} ${checklist.year}年度报告原文`}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            标记 {ranges.length} 处佐证引文
          </Typography.Text>
        </Space>
      }
    >
      {target ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={`当前引文：${target.label}`} />
      ) : (
        current && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="该引文不在这份报告中" />
      )}
      <div className="report-text" style={{ whiteSpace: 'pre-wrap', lineHeight: 2, fontSize: 16, maxWidth: 900 }}>
        {pieces.map((p, i) => {
          if (!p.covering.length) return <span key={i}>{p.text}</span>;
          const isCurrent = !!target && p.covering.some((r) => r.evidenceId === target.evidenceId);
          const title = p.covering.map((r) => r.label).join('；');
          const ref = isCurrent && firstTarget ? (el: HTMLElement | null) => void (targetRef.current = el) : undefined;
          if (isCurrent) firstTarget = false;
          return (
            <mark
              key={i}
              ref={ref}
              tabIndex={isCurrent ? -1 : undefined}
              title={title}
              data-current={isCurrent ? 'true' : undefined}
              className={isCurrent ? 'quote-current' : 'quote-other'}
              style={isCurrent ? { background: '#ffd666', outline: '2px solid #d48806', padding: '1px 0' } : { background: '#e6f4ff', borderBottom: '1px dashed #1677ff' }}
            >
              {p.text}
            </mark>
          );
        })}
      </div>
    </Card>
  );
}
