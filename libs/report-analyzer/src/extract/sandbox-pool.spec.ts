// The pool runs jobs in parallel child processes: two jobs at once land in two children, and both are running before
// either answers (each child waits for the other's job to have started, through a file both can see).
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { SandboxPool } from './sandbox-pool';

const SOURCE = `
const fs = require('fs');
process.on('message', async ({ id, mine, other }) => {
  fs.writeFileSync(mine, String(process.pid));
  for (let i = 0; i < 100 && !fs.existsSync(other); i++) await new Promise((r) => setTimeout(r, 100));
  process.send({ id, pid: process.pid, sawOther: fs.existsSync(other) });
});
`;

type Reply = { id: number; pid: number; sawOther: boolean };

jest.setTimeout(60_000);

describe('SandboxPool', () => {
  const pool = new SandboxPool<Reply>(SOURCE, { subject: 'The test', crashed: (d) => new Error(d) });
  const dir = mkdtempSync(join(tmpdir(), 'pool-'));
  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const opts = (size: number) => ({ timeoutMs: 30_000, heapMb: 64, size });

  it('runs two jobs at once in two children when its size is 2', async () => {
    const [a, b] = [join(dir, 'a'), join(dir, 'b')];
    const replies = await Promise.all([pool.run({ mine: a, other: b }, opts(2)), pool.run({ mine: b, other: a }, opts(2))]);
    expect(replies.map((r) => r.sawOther)).toEqual([true, true]);
    expect(new Set(replies.map((r) => r.pid)).size).toBe(2);
  });

  it('runs them one after the other in one child when its size is 1', async () => {
    const [a, b] = [join(dir, 'c'), join(dir, 'd')];
    const first = pool.run({ mine: a, other: b }, { ...opts(1), timeoutMs: 60_000 });
    // The second job waits for the first: the first never sees the second's file and gives up after its wait.
    const second = pool.run({ mine: b, other: a }, opts(1));
    const replies = await Promise.all([first, second]);
    expect(replies.map((r) => r.sawOther)).toEqual([false, true]);
    expect(replies[0].pid).toBe(replies[1].pid);
    expect(existsSync(b)).toBe(true);
  });
});
