import { UnrecoverableError } from 'bullmq';
import {
  QUEUE_OF_JOB,
  UnknownJobError,
  analysisJob,
  countyRemindersJob,
  deliverNotificationJob,
  expectJobName,
  ocrJob,
  reanalyzeAllJob,
  recomputeJob,
  reminderRunJob,
} from './job-builders';
import { JOBS, QUEUES } from './queue-names';
import { bullConnection } from './redis-connection';

describe('job builders', () => {
  it('build each job with its queue, name, payload and the id of its business key', () => {
    expect(analysisJob('s1', '1.0.0+lexicon.1', 0)).toEqual({
      queue: QUEUES.analysis,
      name: JOBS.analyzeSubmission,
      data: { submissionId: 's1' },
      opts: { jobId: 'analyze:s1:1.0.0+lexicon.1#0' },
    });
    expect(ocrJob('s1', 'v', 2)).toEqual({ queue: QUEUES.ocr, name: JOBS.ocrSubmission, data: { submissionId: 's1' }, opts: { jobId: 'ocr:s1:v#2' } });
    expect(recomputeJob('t1', 2024)).toEqual({ queue: QUEUES.checklist, name: JOBS.recomputeChecklist, data: { townshipId: 't1', year: 2024 }, opts: { jobId: 'checklist:t1:2024' } });
    expect(recomputeJob('t1', 2024, 7).opts.jobId).toBe('checklist:t1:2024#7');
    expect(reanalyzeAllJob('template', 'x', { year: 2023 })).toEqual({
      queue: QUEUES.reanalysis,
      name: JOBS.reanalyzeAll,
      data: { reason: 'template', year: 2023 },
      opts: { jobId: 'reanalyze:template:x' },
    });
    expect(reminderRunJob('2025-03-24')).toEqual({ queue: QUEUES.reminders, name: JOBS.runReminders, data: { asOf: '2025-03-24' }, opts: { jobId: 'reminders-2025-03-24' } });
    expect(reminderRunJob('2025-03-24', 99).opts.jobId).toBe('reminders-manual-99');
    expect(countyRemindersJob({ id: 'repeat:abc:1', queueQualifiedName: 'bull:reminders' }, { countyId: 'c1', asOf: '2025-03-24', now: 'n' })).toEqual({
      queue: QUEUES.reminders,
      name: JOBS.runCountyReminders,
      data: { countyId: 'c1', asOf: '2025-03-24', now: 'n' },
      opts: { jobId: 'repeat_abc_1-county-c1', parent: { id: 'repeat:abc:1', queue: 'bull:reminders' }, ignoreDependencyOnFailure: true },
    });
    expect(deliverNotificationJob('n1').opts.jobId).toBe('deliver-n1');
  });

  it('give the same id for the same key and another for another attempt or analyzer version', () => {
    expect(analysisJob('s1', 'v', 1).opts.jobId).toBe(analysisJob('s1', 'v', 1).opts.jobId);
    expect(analysisJob('s1', 'v', 1).opts.jobId).not.toBe(analysisJob('s1', 'v', 2).opts.jobId);
    expect(analysisJob('s1', 'v', 1).opts.jobId).not.toBe(analysisJob('s1', 'w', 1).opts.jobId);
    expect(analysisJob('s1', 'v', 1).opts.jobId).not.toBe(ocrJob('s1', 'v', 1).opts.jobId);
  });

  it('build ids BullMQ accepts (no ":" or exactly three parts)', () => {
    const ids = [
      analysisJob('s1', '1.0.0+lexicon.1', 3),
      ocrJob('s1', '1.0.0+lexicon.1', 3),
      reanalyzeAllJob('analyzer_version', '1.0.0+lexicon.1'),
      recomputeJob('t1', 2024),
      recomputeJob('t1', 2024, 1765000000000),
      reminderRunJob('2025-03-24'),
      countyRemindersJob({ id: 'repeat:abc:1', queueQualifiedName: 'q' }, { countyId: 'c', asOf: 'a', now: 'n' }),
      deliverNotificationJob('n1'),
    ].map((j) => j.opts.jobId);
    expect(ids.filter((id) => id.includes(':') && id.split(':').length !== 3)).toEqual([]);
  });

  it('put every job name on one queue', () => {
    expect(Object.keys(QUEUE_OF_JOB).sort()).toEqual(Object.values(JOBS).sort());
  });
});

describe('expectJobName', () => {
  it('lets the expected names through', () => {
    expect(() => expectJobName({ name: JOBS.runCountyReminders, queueName: QUEUES.reminders }, JOBS.runReminders, JOBS.runCountyReminders)).not.toThrow();
  });
  it('refuses any other name with an unrecoverable error naming the queue, the name and what it takes', () => {
    let error: unknown;
    try {
      expectJobName({ name: 'analyse-submission', queueName: QUEUES.analysis }, JOBS.analyzeSubmission);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownJobError);
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect((error as Error).message).toBe('queue analysis has no job named "analyse-submission" (it takes analyze-submission)');
  });
});

describe('redis connection', () => {
  it('reads a redis URL with password and db', () => {
    expect(bullConnection('redis://:p%40ss@127.0.0.1:6380/2')).toMatchObject({ host: '127.0.0.1', port: 6380, password: 'p@ss', db: 2 });
  });
});
