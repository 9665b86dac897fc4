import { DECISION_ZH, EVIDENCE_REVIEW, FINDING_STATUS, ITEM_STATUS, PLAN_STATUS, SUBMISSION_STATUS, type CellStatus } from '../../catalogue';

const FIELD_ZH: Record<string, string> = {
  status: '状态',
  decision: '审核决定',
  decisionReason: '理由',
  comment: '审核意见',
  townshipNote: '乡镇说明',
  reviewState: '审核状态',
  response: '答复',
  overrideStatus: '人工判定',
  overrideReason: '理由',
  disabled: '停用',
  villageCount: '村（社区）数',
  threshold: '阈值',
  weight: '权重',
  name: '名称',
  note: '说明',
};

function valueText(key: string, v: unknown): string {
  if (v === null || v === undefined) return '无';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (key === 'status' && typeof v === 'string') {
    const label = ITEM_STATUS[v as CellStatus]?.label ?? SUBMISSION_STATUS[v]?.label ?? PLAN_STATUS[v]?.label ?? FINDING_STATUS[v]?.label;
    if (label) return label;
  }
  if ((key === 'reviewState') && typeof v === 'string') return EVIDENCE_REVIEW[v]?.label ?? v;
  if (key === 'overrideStatus' && typeof v === 'string') return PLAN_STATUS[v]?.label ?? v;
  if (key === 'decision' && typeof v === 'string') return DECISION_ZH[v] ?? v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** before → after, one line per field that changed, in Chinese field names. */
export function changeLines(before: unknown, after: unknown): string[] {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => FIELD_ZH[k] && JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  return keys.map((k) => `${FIELD_ZH[k]}：${valueText(k, b[k])} → ${valueText(k, a[k])}`);
}

