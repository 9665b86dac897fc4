/**
 * `npm run bench`: speed and memory, reported as ratios against baselines measured in the same run (the machines
 * here are noisy, so absolute figures only mean something next to their baseline).
 *  1. The analyzer on the seed corpus replicated to ≥ 1,000 documents, against a naive indexOf pass over every
 *     lexicon phrase on the same texts.
 *  2. The pipeline: 1,000 uploads through api → queue → worker → database, against the analyzer alone.
 * BENCH_SUBMISSIONS, BENCH_WORKERS and BENCH_CONCURRENCY change the pipeline's size.
 */
import { benchAnalyzer } from '../libs/report-analyzer/scripts/bench';
import { repoRoot } from '@app/persistence/seeding/seed-files';
import { benchPipeline } from './bench/pipeline-bench';

const log = (m: string) => console.log(`[bench] ${m}`);
const n = (v: number, d = 1) => v.toFixed(d);

async function main() {
  const skipPipeline = process.argv.includes('--analyzer-only');
  log('analyzer: seed corpus replicated to 1,000 documents, one process, one core');
  const a = await benchAnalyzer(1000);
  console.log(`
  analyzer (${a.documents} documents)
    analyzeText (already extracted)   ${n(a.analyzeTextPerSec, 0)} reports/s
    analyzeFile (decode + analyse)    ${n(a.analyzeFilePerSec, 0)} reports/s
    naive indexOf pass (${a.naivePhrases} phrases)  ${n(a.naivePerSec, 0)} reports/s
    analyzer time / naive time        ${n(a.ratioToNaive, 2)}×
    heap used                         ${n(a.heapUsedMB, 0)} MB
`);
  if (skipPipeline) return;
  const submissions = Number(process.env.BENCH_SUBMISSIONS ?? 1000);
  const workers = Number(process.env.BENCH_WORKERS ?? 1);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 4);
  const p = await benchPipeline(repoRoot(), { submissions, workers, concurrency, log });
  console.log(`
  pipeline (${p.submissions} uploads, ${p.workers} worker process(es) × concurrency ${p.concurrencyPerWorker}, ${p.failed} failed)
    uploads accepted in               ${n(p.uploadSeconds)} s
    all checklists updated after      ${n(p.totalSeconds)} s
    throughput                        ${n(p.throughputPerSec)} submissions/s
    latency upload → checklist        p50 ${n(p.p50LatencyMs / 1000, 2)} s, p95 ${n(p.p95LatencyMs / 1000, 2)} s, max ${n(p.maxLatencyMs / 1000, 2)} s
    pipeline / analyzeFile alone      ${n(p.throughputPerSec / a.analyzeFilePerSec, 3)}× (the rest is HTTP, storage, queue and database)
`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
