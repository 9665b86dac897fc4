import { progressLabel, submissionView } from './submissions.service';
import type { Submission } from '@app/persistence';

describe('OCR progress on the submission view', () => {
  it('says waiting, then pages read, only for a scan or photo while it is read', () => {
    expect(progressLabel({ status: 'queued', needsOcr: true, progress: null })).toBe('排队等待文字识别（扫描件或图片）');
    expect(progressLabel({ status: 'analyzing', needsOcr: true, progress: null })).toBe('文字识别中');
    expect(progressLabel({ status: 'analyzing', needsOcr: true, progress: { page: 12, total: 40 } })).toBe('分析中 12/40 页');
    expect(progressLabel({ status: 'analyzed', needsOcr: true, progress: { page: 40, total: 40 } })).toBeNull();
    expect(progressLabel({ status: 'analyzing', needsOcr: false, progress: null })).toBeNull();
  });

  it('drops a stale progress once the file is no longer being read, and never shows the storage key', () => {
    const row = { id: 's', status: 'failed', needsOcr: true, progress: { page: 3, total: 40 }, storageKey: 'k', submittedBy: 'u' } as unknown as Submission;
    const view = submissionView(row);
    expect(view).toMatchObject({ progress: null, progressLabel: null, needsOcr: true });
    expect(view).not.toHaveProperty('storageKey');
    expect(submissionView({ ...row, status: 'analyzing' } as Submission)).toMatchObject({ progress: { page: 3, total: 40 }, progressLabel: '分析中 3/40 页' });
  });
});
