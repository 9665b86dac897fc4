// Property: whatever bytes arrive, extractText either resolves with text or rejects with an AnalyzerError, within a
// bounded time. EXTRACTION_FAILED (the extractor's own failure) would mean an unexpected exception escaped a library.
import * as fc from 'fast-check';
import { readFileSync } from 'fs';
import { join } from 'path';
import { buildDocx } from '../../test-fixtures/build-zip';
import { AnalyzerError } from '../errors';
import { extractText } from './extract-text';
import { closePdfWorker } from './pdf-text-worker';

const fixture = (name: string) => readFileSync(join(__dirname, '../../test-fixtures', name));

const PER_CALL_MS = 10_000;
/** Generous: the runs are quick, but CI machines can be slow and shared. */
const TEST_MS = 120_000;

async function outcome(bytes: Uint8Array): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`extractText took over ${PER_CALL_MS} ms`)), PER_CALL_MS);
  });
  try {
    const result = await Promise.race([extractText(bytes, { pdfTimeoutMs: 5_000 }), deadline]);
    if (typeof result.text !== 'string' || result.text.length === 0) throw new Error('resolved without text');
    return 'ok';
  } catch (e) {
    if (!(e instanceof AnalyzerError)) throw e;
    if (e.code === 'EXTRACTION_FAILED') throw new Error(`unexpected internal failure: ${e.message}`);
    return e.code;
  } finally {
    clearTimeout(timer);
  }
}

/** A valid file with a few bytes overwritten, an optional cut, and an optional inserted run. */
function mutations(base: Buffer) {
  return fc
    .record({
      edits: fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 16 }),
      cut: fc.option(fc.nat({ max: base.length }), { nil: undefined }),
      insert: fc.option(fc.tuple(fc.nat({ max: base.length }), fc.uint8Array({ maxLength: 64 })), { nil: undefined }),
    })
    .map(({ edits, cut, insert }) => {
      let out = Buffer.from(base);
      for (const [at, value] of edits) out[at] = value;
      if (insert) out = Buffer.concat([out.subarray(0, insert[0]), Buffer.from(insert[1]), out.subarray(insert[0])]);
      if (cut !== undefined) out = out.subarray(0, cut);
      return out;
    });
}

afterAll(() => closePdfWorker());

describe('extractText on hostile input', () => {
  it('arbitrary bytes: resolves with text or rejects with an AnalyzerError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        await outcome(bytes);
      }),
      { numRuns: 200 },
    );
  }, TEST_MS);

  it('arbitrary text-like bytes (ASCII, markup, CJK) take the text and HTML paths safely', async () => {
    const pieces = fc.constantFrom(
      ...['<', '>', '</', '<p>', '<div class="nav">', '<table><tr><td>', '<!--', '-->', '&nbsp;', '&#x4e2d;'],
      ...['\n', ' ', '法治', '。', '共 8 名', '\uFEFF', '<html>', '<body>', '<script>', '\u0000'],
    );
    await fc.assert(
      fc.asyncProperty(fc.array(pieces, { maxLength: 200 }), async (parts) => {
        await outcome(Buffer.from(parts.join(''), 'utf8'));
      }),
      { numRuns: 200 },
    );
  }, TEST_MS);

  it('mutated HTML pages', async () => {
    await fc.assert(fc.asyncProperty(mutations(fixture('gov-page.html')), async (b) => void (await outcome(b))), {
      numRuns: 150,
    });
  }, TEST_MS);

  it('mutated Word documents', async () => {
    const small = buildDocx(['青山镇2023年法治政府建设工作报告', '全镇共 8 名行政执法人员持证上岗。'], [['指标', '8名']]);
    await fc.assert(fc.asyncProperty(mutations(small), async (b) => void (await outcome(b))), { numRuns: 150 });
    await fc.assert(fc.asyncProperty(mutations(fixture('report.docx')), async (b) => void (await outcome(b))), {
      numRuns: 50,
    });
  }, TEST_MS);

  it('mutated PDFs', async () => {
    await fc.assert(fc.asyncProperty(mutations(fixture('report.pdf')), async (b) => void (await outcome(b))), {
      numRuns: 60,
    });
  }, TEST_MS);
});
