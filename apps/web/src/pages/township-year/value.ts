import { UNIT_ZH } from '../../catalogue';

type Measured = { measuredValue?: number | null; requirement: { kind: string; threshold?: number | null; unit?: string | null } };

/** "测得 8 人 / 要求 ≥ 10 人" for a numeric requirement; empty for presence-only items. */
export function valueVsThreshold(i: Measured): string {
  const r = i.requirement;
  if (r.kind === 'presence' || r.threshold === null || r.threshold === undefined) return '';
  const unit = UNIT_ZH(r.unit);
  const measured = i.measuredValue === null || i.measuredValue === undefined ? '未测得' : `测得 ${i.measuredValue}${unit}`;
  return `${measured} / 要求 ≥ ${r.threshold}${unit}`;
}

