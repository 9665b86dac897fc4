import { Tag } from 'antd';
import { ITEM_STATUS, type CellStatus } from '../catalogue';

export function StatusTag({ status }: { status: string }) {
  const s = ITEM_STATUS[status as CellStatus] ?? ITEM_STATUS.missing;
  return (
    <Tag color={s.tag} style={{ marginInlineEnd: 0 }}>
      {s.label}
    </Tag>
  );
}

export function CatalogueTag({ entry }: { entry?: { label: string; tag: string } }) {
  if (!entry) return <Tag>未知</Tag>;
  return <Tag color={entry.tag}>{entry.label}</Tag>;
}
