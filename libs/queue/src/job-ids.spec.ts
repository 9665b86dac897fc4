import { jobIds } from './job-ids';
import { bullConnection } from './redis-connection';

describe('queue contract', () => {
  it('builds the same job id for the same business key', () => {
    expect(jobIds.analyzeSubmission('s1', '1.0.0+lexicon.1')).toBe('analyze:s1:1.0.0+lexicon.1');
    expect(jobIds.analyzeSubmission('s1', 'v')).toBe(jobIds.analyzeSubmission('s1', 'v'));
    expect(jobIds.analyzeSubmission('s1', 'v')).not.toBe(jobIds.analyzeSubmission('s1', 'w'));
  });
  it('reads a redis URL with password and db', () => {
    expect(bullConnection('redis://:p%40ss@127.0.0.1:6380/2')).toMatchObject({ host: '127.0.0.1', port: 6380, password: 'p@ss', db: 2 });
  });
});
