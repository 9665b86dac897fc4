/**
 * Self time per function and per file (or package) of one or more V8 `.cpuprofile` files, as `node --cpu-prof`
 * writes them (`npm run bench:scale -- --cpu-prof DIR`):
 *
 *   npx tsx scripts/bench/cpuprofile-summary.ts [--top N] [--last SECONDS] [--callers NAME] FILE.cpuprofile...
 *
 * The last table is inclusive time of the project's own functions (dist/apps, dist/libs): where a request or a job
 * spends its time, libraries included.
 * `--callers NAME` adds the stacks (--depth N frames up, default 5) under which functions named NAME spent their self time.
 * `--last S` keeps only the samples of the profile's last S seconds (the bench's upload burst comes last, after the
 * process's start-up). Idle, GC and "(program)" are listed on their own; the percentages are of the busy samples.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

/** node_modules/<pkg> (or @scope/pkg), node's own modules, or the project file without its root. */
function fileKey(url: string): string {
  if (!url) return '(native)';
  if (url.startsWith('node:')) return url;
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return `npm:${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 1) : url.replace(/^file:\/\//, '');
}

const top = option('top', 40);
const last = option('last', 0);
const callersIdx = process.argv.indexOf('--callers');
const callersOf = callersIdx > 0 ? process.argv[callersIdx + 1] : undefined;
const files = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !['--top', '--last', '--callers', '--depth'].includes(all[i - 1]));
const byStack = new Map<string, number>();
const inclusive = new Map<string, number>();
const depth = option('depth', 5);
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
const special = new Map<string, number>();
let busy = 0;
let wall = 0;
for (const file of files) {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const frame = (id: number) => {
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    return `${functionName || '(anonymous)'} ${fileKey(url)}${url ? `:${lineNumber + 1}` : ''}`;
  };
  const from = last > 0 ? p.endTime - last * 1e6 : -Infinity;
  let t = p.startTime;
  wall += (p.endTime - Math.max(p.startTime, from)) / 1000;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i];
    if (t < from) continue;
    // A sample's time is the delta to the next one (the last sample has none).
    const dt = (i + 1 < p.timeDeltas.length ? p.timeDeltas[i + 1] : 0) / 1000;
    const { functionName, url, lineNumber } = nodes.get(p.samples[i])!.callFrame;
    if (['(idle)', '(garbage collector)', '(program)', '(root)'].includes(functionName)) {
      special.set(functionName, (special.get(functionName) ?? 0) + dt);
      if (functionName === '(idle)') continue;
    }
    busy += dt;
    const fk = fileKey(url);
    const key = `${functionName || '(anonymous)'}  ${fk}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + dt);
    byFile.set(fk, (byFile.get(fk) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = p.samples[i]; id !== undefined; id = parent.get(id)) {
      const url = nodes.get(id)!.callFrame.url;
      if (!/\/dist\/(apps|libs)\//.test(url)) continue;
      const k = frame(id);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
    if (callersOf && functionName === callersOf) {
      const stack: string[] = [];
      for (let id = parent.get(p.samples[i]); id !== undefined && stack.length < depth; id = parent.get(id)) stack.push(frame(id));
      const k = stack.join(' < ');
      byStack.set(k, (byStack.get(k) ?? 0) + dt);
    }
  }
}

const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)} %  ${k}`);
  }
};
console.log(`${files.length} profile(s), ${(wall / 1000).toFixed(1)} s of wall time, ${(busy / 1000).toFixed(2)} s busy; ` +
  [...special].map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s`).join(', '));
print('self time by file / package', byFile);
print('self time by function', byFunction);
print('inclusive time of the project\'s functions', inclusive);
if (callersOf) print(`${callersOf}: self time by calling stack`, byStack);
