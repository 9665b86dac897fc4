import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Space } from 'antd';
import { api, unwrap } from '../../api/client';
import { errorText } from '../../api/errors';
import { checklistKey } from './useChecklist';

/**
 * The township's note on one of its items: its answer to the auditor's 审核意见, or a remark (本年度未发生, 材料见附件).
 * Saving it sends the item back to the auditors when it answers a question or a rejection (the api decides).
 */
export function NoteForm({ itemId, townshipId, year, initial, answering }: { itemId: string; townshipId: string; year: number; initial?: string | null; answering: boolean }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [note, setNote] = useState(initial ?? '');
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH('/api/checklist-items/{id}/note', { params: { path: { id: itemId } }, body: { note: note.trim() } })),
    onSuccess: async () => {
      message.success(answering ? '答复已提交，等待县审核人员审核' : '说明已保存');
      await qc.invalidateQueries({ queryKey: checklistKey(townshipId, year) });
    },
    onError: (e) => message.error(errorText(e)),
  });
  const id = `note-${itemId}`;
  const label = answering ? '答复审核意见' : '本项说明';
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <label htmlFor={id}>{label}</label>
      <Input.TextArea id={id} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={answering ? '例如：已补充聘用合同，见佐证材料' : '例如：本年度未发生；材料见附件'} />
      <Button type={answering ? 'primary' : 'default'} onClick={() => save.mutate()} disabled={!note.trim()} loading={save.isPending}>
        {answering ? '提交答复' : '保存说明'}
      </Button>
    </Space>
  );
}
