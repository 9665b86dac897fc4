import { jobIds } from './job-ids';
import { bullConnection } from './redis-connection';

describe('queue contract', () => {
  it('builds the same job id for the same business key', () => {
    expect(jobIds.analyzeSubmission('s1', '1.0.0+lexicon.1')).toBe('analyze:s1:1.0.0+lexicon.1');
    expect(jobIds.analyzeSubmission('s1', 'v')).toBe(jobIds.analyzeSubmission('s1', 'v'));
    expect(jobIds.analyzeSubmission('s1', 'v')).not.toBe(jobIds.analyzeSubmission('s1', 'w'));
  });
  it('builds ids BullMQ accepts (no ":" or exactly three parts)', () => {
    const ids = [
      jobIds.analyzeSubmission('s1', '1.0.0+lexicon.1'),
      jobIds.analyzeSubmissionAttempt('s1', '1.0.0+lexicon.1', 3),
      jobIds.ocrSubmission('s1', '1.0.0+lexicon.1'),
      jobIds.ocrSubmissionAttempt('s1', '1.0.0+lexicon.1', 3),
      jobIds.reanalyzeAll('analyzer_version', '1.0.0+lexicon.1'),
      jobIds.recomputeChecklist('t1', 2024),
      jobIds.runReminders('2025-03-24'),
      jobIds.deliverNotification('n1'),
    ];
    for (const id of ids) expect([id, !id.includes(':') || id.split(':').length === 3]).toEqual([id, true]);
    expect(jobIds.analyzeSubmissionAttempt('s1', 'v', 2)).not.toBe(jobIds.analyzeSubmissionAttempt('s1', 'v', 3));
  });
  it('reads a redis URL with password and db', () => {
    expect(bullConnection('redis://:p%40ss@127.0.0.1:6380/2')).toMatchObject({ host: '127.0.0.1', port: 6380, password: 'p@ss', db: 2 });
  });
});
