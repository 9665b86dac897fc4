// npm run -s analyze -- --out DIR FILE...   writes DIR/<name without extension>.json per input
// Reads every format the worker reads: .txt, .html, .docx, .doc, .wps, .ofd and PDFs with a text layer (by content).
// npm run -s analyze -- --stdout FILE       prints one analysis JSON
// Options: --lexicon PATH (another lexicon file), --concurrency N (files read/extracted at once, default 4),
// --ocr (read images and PDFs without a text layer by OCR; progress per page on stderr).
// Exit code 1 when any file failed (each failure is printed to stderr as "file: CODE message"); the others are
// still written. Exit code 2 on bad usage or an invalid lexicon.

import * as fs from 'fs';
import * as path from 'path';
import { analyzeFile, closeDocumentWorker, closeOcrWorker, closePdfWorker } from './index';
import { describeAnalyzerError, isAnalyzerError } from './errors';
import { loadLexicon, LexiconError, CompiledLexicon } from './analyze/lexicon';

interface Args {
  out?: string;
  stdout: boolean;
  lexicon?: string;
  concurrency: number;
  ocr: boolean;
  files: string[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { stdout: false, concurrency: 4, ocr: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') args.out = argv[++i];
    else if (a === '--stdout') args.stdout = true;
    else if (a === '--ocr') args.ocr = true;
    else if (a === '--lexicon') args.lexicon = argv[++i];
    else if (a === '--concurrency') args.concurrency = Math.max(1, Number(argv[++i]) || 1);
    else if (a === '--help' || a === '-h') usage(0);
    else if (a.startsWith('--')) usage(2, `unknown option ${a}`);
    else args.files.push(a);
  }
  if (!args.files.length) usage(2, 'no input files');
  if (!args.out && !args.stdout) usage(2, 'give --out DIR or --stdout');
  if (args.stdout && args.files.length > 1) usage(2, '--stdout takes exactly one file');
  return args;
}

function usage(code: number, msg?: string): never {
  if (msg) process.stderr.write(`analyze: ${msg}\n`);
  process.stderr.write('usage: analyze (--out DIR | --stdout) [--lexicon FILE] [--concurrency N] [--ocr] FILE...\n');
  process.exit(code);
}

function describe(e: unknown): string {
  if (isAnalyzerError(e)) return `${e.code} ${e.message} ${describeAnalyzerError(e)}`;
  if (e instanceof LexiconError) return `LEXICON ${e.message}`;
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && typeof err.message === 'string') return `IO_ERROR ${err.message}`;
  return `INTERNAL ${(e as Error)?.stack ?? String(e)}`;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  let lexicon: CompiledLexicon;
  try {
    lexicon = loadLexicon(args.lexicon);
  } catch (e) {
    process.stderr.write(`analyze: ${describe(e)}\n`);
    return 2;
  }
  if (args.out) fs.mkdirSync(args.out, { recursive: true });

  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < args.files.length) {
      const file = args.files[next++];
      try {
        const bytes = new Uint8Array(await fs.promises.readFile(file));
        const onOcrPage = (page: number, total: number) => process.stderr.write(`${file}: OCR ${page}/${total}\n`);
        const analysis = await analyzeFile(bytes, path.basename(file), { lexicon }, args.ocr ? { ocr: true, onOcrPage } : {});
        const json = JSON.stringify(analysis, null, args.stdout ? 2 : 0);
        if (args.stdout) process.stdout.write(json + '\n');
        else {
          const name = path.basename(file).replace(/\.[^.]+$/, '');
          await fs.promises.writeFile(path.join(args.out!, `${name}.json`), json);
        }
      } catch (e) {
        failed++;
        process.stderr.write(`${file}: ${describe(e)}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.concurrency, args.files.length) }, worker));
  await Promise.all([closePdfWorker(), closeDocumentWorker(), closeOcrWorker()]);
  if (failed) process.stderr.write(`analyze: ${failed} of ${args.files.length} file(s) failed\n`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`analyze: ${describe(e)}\n`);
    process.exit(2);
  },
);
