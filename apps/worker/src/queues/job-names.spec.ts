// Every processor refuses a job whose name its queue does not take — before it touches anything (each collaborator
// here throws on first use) — with an unrecoverable error that names the queue, the job and what it takes.
import { UnrecoverableError, type Job } from 'bullmq';
import { JOBS, QUEUES, UnknownJobError } from '@app/queue';
import { AnalysisProcessor } from '../analysis/analysis.processor';
import { ChecklistProcessor } from '../checklist/checklist.processor';
import { OcrProcessor } from '../analysis/ocr.processor';
import { MaintenanceProcessor } from '../maintenance/maintenance.processor';
import { NotificationDeliveryProcessor } from '../notifications/notification-delivery.processor';
import { ReanalysisProcessor } from '../reanalysis/reanalysis.processor';
import { ReminderRunProcessor } from '../reminders/reminder-run.processor';

const untouchable = <T>(what: string): T =>
  new Proxy({}, { get: (_, key) => { throw new Error(`${what}.${String(key)} used`); } }) as T;
const deps = (n: number) => Array.from({ length: n }, (_, i) => untouchable<any>(`dependency ${i}`));
const job = (queueName: string, name: string, data: Record<string, unknown> = {}) => ({ queueName, name, data, attemptsMade: 0, opts: {} }) as unknown as Job;

const processors: [string, { process(job: Job): Promise<unknown> }, string[]][] = [
  [QUEUES.analysis, new (AnalysisProcessor as any)(...deps(3)), [JOBS.analyzeSubmission]],
  [QUEUES.ocr, new (OcrProcessor as any)(...deps(4)), [JOBS.ocrSubmission]],
  [QUEUES.checklist, new (ChecklistProcessor as any)(...deps(2)), [JOBS.recomputeChecklist]],
  [QUEUES.reanalysis, new (ReanalysisProcessor as any)(...deps(5)), [JOBS.reanalyzeAll]],
  [QUEUES.reminders, new (ReminderRunProcessor as any)(...deps(4)), [JOBS.runReminders, JOBS.runCountyReminders]],
  [QUEUES.notifications, new (NotificationDeliveryProcessor as any)(...deps(4)), [JOBS.deliverNotification]],
  [QUEUES.maintenance, new (MaintenanceProcessor as any)(...deps(1)), [JOBS.sweepStuckSubmissions]],
];

describe('processors check job.name', () => {
  it.each(processors)('%s refuses a job of an unknown name and one meant for another queue', async (queue, processor, takes) => {
    for (const name of ['analyse-submision', Object.values(JOBS).find((n) => !takes.includes(n))!]) {
      const refused = processor.process(job(queue, name, { submissionId: 's1' }));
      await expect(refused).rejects.toThrow(UnknownJobError);
      await expect(refused).rejects.toThrow(UnrecoverableError);
      await expect(refused).rejects.toThrow(`queue ${queue} has no job named "${name}" (it takes ${takes.join(', ')})`);
    }
  });

  it('the re-analysis refuses a reason it does not know instead of treating it as a version change', async () => {
    const processor = new (ReanalysisProcessor as any)(...deps(5));
    const refused = processor.process(job(QUEUES.reanalysis, JOBS.reanalyzeAll, { reason: 'lexicon' }));
    await expect(refused).rejects.toThrow(UnrecoverableError);
    await expect(refused).rejects.toThrow('unknown re-analysis reason "lexicon"');
  });
});
