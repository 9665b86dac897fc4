import { UNIT_ZH } from '../../catalogue';

type Requirement = { kind: string; threshold?: number | null; unit?: string | null };
type Measured = { measuredValue?: number | null; requirement: Requirement };

const numeric = (r: Requirement): r is Requirement & { threshold: number } => r.kind !== 'presence' && r.threshold !== null && r.threshold !== undefined;

/** "测得 8 人 / 要求 ≥ 10 人" for a numeric requirement; empty for presence-only items. */
export function valueVsThreshold(i: Measured): string {
  const r = i.requirement;
  if (!numeric(r)) return '';
  const unit = UNIT_ZH(r.unit);
  const measured = i.measuredValue === null || i.measuredValue === undefined ? '未测得' : `测得 ${i.measuredValue}${unit}`;
  return `${measured} / 要求 ≥ ${r.threshold}${unit}`;
}

/** The same in a table cell's room: "8 / ≥10人"; empty for presence-only items and where nothing was measured. */
export function shortValue(i: Measured): string {
  const r = i.requirement;
  if (!numeric(r) || i.measuredValue === null || i.measuredValue === undefined) return '';
  return `${i.measuredValue} / ≥${r.threshold}${UNIT_ZH(r.unit)}`;
}
