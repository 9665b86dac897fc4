// OFD (GB/T 33190-2016, 版式文档) → plain text. An OFD file is a zip of XML parts:
//   OFD.xml           DocBody/DocRoot → the document's Document.xml
//   Document.xml      Pages/Page@BaseLoc → each page's Content.xml, in page order
//   Content.xml       Content/Layer/…/TextObject@Boundary,@Size,@CTM → TextCode@X,@Y,@DeltaX with the characters
// Only the pages' content layers are read. Annotations (Annotations.xml: stamps, seals, watermarks), signatures and
// template pages are other parts, so a seal's text never becomes report text.
// The archive goes through the same guards as a .docx (guarded-zip.ts); each XML part is parsed as a stream with
// saxes, keeping only the text runs and their positions, so memory stays proportional to the text, not the markup.
// Runs are put into reading order (lines by baseline, top to bottom; runs by x within a line) and then handed to the
// PDF line rebuilder, which joins the visual line wraps of a paragraph and drops page-number lines.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { AnalyzerError, isAnalyzerError } from '../errors';
import { GuardedZip, normalizePath, type ZipLimits } from './guarded-zip';
import { rebuildPdfText } from './pdf-to-text';
import type { PdfTextItem } from './pdf-text-worker';

export type OfdLimits = ZipLimits & { maxPages: number };

const WHAT = 'The OFD document';

interface Run {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

export async function ofdToText(bytes: Uint8Array, limits: OfdLimits): Promise<string> {
  const zip = await GuardedZip.open(bytes, limits, 'CORRUPT_OFD', WHAT);
  try {
    const root = zip.find('OFD.xml');
    if (!root) throw new AnalyzerError('CORRUPT_OFD', 'The archive has no OFD.xml: it is not an OFD document.');
    const docRoot = firstText(await parseXml(zip, root), 'DocRoot');
    if (!docRoot) throw new AnalyzerError('CORRUPT_OFD', 'OFD.xml names no DocRoot (Document.xml).');
    const docPath = resolveLoc('', docRoot);
    const docEntry = zip.find(docPath);
    if (!docEntry) throw new AnalyzerError('CORRUPT_OFD', `The document part ${docPath} is missing.`);
    const pageLocs = await pageLocations(zip, docEntry);
    if (pageLocs.length === 0) throw new AnalyzerError('NO_CONTENT', 'The OFD document has no pages.');
    if (pageLocs.length > limits.maxPages) {
      throw new AnalyzerError('TOO_LARGE', `The OFD document has ${pageLocs.length} pages; at most ${limits.maxPages} are read.`);
    }
    const docDir = dirOf(docPath);
    const pages: PdfTextItem[][] = [];
    for (const loc of pageLocs) {
      const path = resolveLoc(docDir, loc);
      const entry = zip.find(path) ?? zip.find(loc);
      if (!entry) throw new AnalyzerError('CORRUPT_OFD', `The page part ${path} is missing.`);
      pages.push(toReadingOrder(await pageRuns(zip, entry)));
    }
    const text = rebuildPdfText({ numPages: pages.length, pages });
    if (!/[\p{L}\p{N}]/u.test(text)) {
      throw new AnalyzerError('NO_CONTENT', 'The OFD document holds no text (scanned pages?).', true, '没有文字层的 OFD 文档（扫描件）');
    }
    return text;
  } finally {
    zip.close();
  }
}

/** Local name of a (possibly prefixed) XML name: ofd:TextCode → TextCode. */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

interface Element {
  name: string;
  attributes: Record<string, string>;
  text: string;
}

/** A small part (OFD.xml, Document.xml) as a flat list of elements with their direct text. */
async function parseXml(zip: GuardedZip, entry: Parameters<GuardedZip['read']>[0]): Promise<Element[]> {
  const xml = (await zip.read(entry)).toString('utf8');
  const out: Element[] = [];
  const stack: Element[] = [];
  runSax(entry.fileName, xml, {
    open: (tag) => {
      const el = { name: local(tag.name), attributes: tag.attributes as Record<string, string>, text: '' };
      out.push(el);
      stack.push(el);
    },
    text: (t) => {
      const top = stack[stack.length - 1];
      if (top) top.text += t;
    },
    close: () => void stack.pop(),
  });
  return out;
}

function firstText(elements: Element[], name: string): string | undefined {
  return elements.find((e) => e.name === name)?.text.trim() || undefined;
}

async function pageLocations(zip: GuardedZip, docEntry: Parameters<GuardedZip['read']>[0]): Promise<string[]> {
  const elements = await parseXml(zip, docEntry);
  return elements.filter((e) => e.name === 'Page' && e.attributes.BaseLoc).map((e) => e.attributes.BaseLoc.trim());
}

interface Box {
  x: number;
  y: number;
}

interface TextObjectState {
  origin: Box;
  size: number;
  ctm: number[] | undefined;
}

/** Text runs of one page's content, in absolute page coordinates (millimetres, y growing downwards). */
async function pageRuns(zip: GuardedZip, entry: Parameters<GuardedZip['read']>[0]): Promise<Run[]> {
  const xml = (await zip.read(entry)).toString('utf8');
  const runs: Run[] = [];
  // Nested PageBlocks and TextObjects are rare but legal; a stack keeps each TextCode with its own TextObject.
  const objects: (TextObjectState | undefined)[] = [];
  let code: { x: number; y: number; deltaX: number[]; text: string } | undefined;
  let depthInIgnored = 0;
  runSax(entry.fileName, xml, {
    open: (tag) => {
      const name = local(tag.name);
      const a = tag.attributes as Record<string, string>;
      if (depthInIgnored > 0 || name === 'Clip' || name === 'Actions') {
        // Clip areas and actions can hold paths and text objects that are not page text.
        depthInIgnored++;
        return;
      }
      if (name === 'TextObject') {
        const [bx = 0, by = 0] = numbers(a.Boundary);
        objects.push({ origin: { x: bx, y: by }, size: Number(a.Size) || 3.5, ctm: ctmOf(a.CTM) });
      } else if (name === 'TextCode' && objects.length > 0) {
        code = { x: Number(a.X) || 0, y: Number(a.Y) || 0, deltaX: expandDeltas(a.DeltaX), text: '' };
      }
    },
    text: (t) => {
      if (code && depthInIgnored === 0) code.text += t;
    },
    close: (tagName) => {
      const name = local(tagName);
      if (depthInIgnored > 0) {
        depthInIgnored--;
        return;
      }
      if (name === 'TextCode' && code) {
        const obj = objects[objects.length - 1];
        if (obj && code.text.trim() !== '') runs.push(placeRun(obj, code));
        code = undefined;
      } else if (name === 'TextObject') {
        objects.pop();
      }
    },
  });
  return runs;
}

function placeRun(obj: TextObjectState, code: { x: number; y: number; deltaX: number[]; text: string }): Run {
  const chars = [...code.text];
  let advance = 0;
  for (let i = 0; i < chars.length - 1; i++) advance += code.deltaX[i] ?? code.deltaX[code.deltaX.length - 1] ?? obj.size;
  const rawWidth = advance + obj.size; // the last glyph is about one em wide
  let { x, y } = { x: code.x, y: code.y };
  let size = obj.size;
  let width = rawWidth;
  if (obj.ctm) {
    const [a, b, c, d, e, f] = obj.ctm;
    [x, y] = [a * code.x + c * code.y + e, b * code.x + d * code.y + f];
    const scale = Math.hypot(a, b) || 1;
    size *= Math.hypot(c, d) || 1;
    width *= scale;
  }
  return { text: code.text, x: obj.origin.x + x, y: obj.origin.y + y, width, size };
}

/** Lines by baseline (top to bottom), runs by x within a line, as PDF-style items (y growing upwards). */
function toReadingOrder(runs: Run[]): PdfTextItem[] {
  const byY = [...runs].sort((p, q) => p.y - q.y || p.x - q.x);
  const lines: Run[][] = [];
  for (const run of byY) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(run.y - line[0].y) <= Math.min(line[0].size, run.size) * 0.5) line.push(run);
    else lines.push([run]);
  }
  const items: PdfTextItem[] = [];
  for (const line of lines) {
    const baseline = line[0].y;
    for (const r of line.sort((p, q) => p.x - q.x)) items.push([r.text, r.x, -baseline, r.width, r.size, false]);
  }
  return items;
}

function numbers(s: string | undefined): number[] {
  return (s ?? '').trim().split(/[\s,]+/).filter(Boolean).map(Number).filter(Number.isFinite);
}

function ctmOf(s: string | undefined): number[] | undefined {
  const m = numbers(s);
  return m.length === 6 ? m : undefined;
}

/** DeltaX with the standard's compression: "g 3 4.2" stands for three advances of 4.2. */
function expandDeltas(s: string | undefined): number[] {
  const tokens = (s ?? '').trim().split(/\s+/).filter(Boolean);
  const out: number[] = [];
  for (let i = 0; i < tokens.length && out.length < 100_000; i++) {
    if (tokens[i] === 'g') {
      const count = Math.min(Number(tokens[i + 1]) || 0, 100_000);
      const value = Number(tokens[i + 2]) || 0;
      for (let k = 0; k < count; k++) out.push(value);
      i += 2;
    } else {
      const v = Number(tokens[i]);
      if (Number.isFinite(v)) out.push(v);
    }
  }
  return out;
}

function runSax(
  part: string,
  xml: string,
  handlers: { open: (tag: SaxesTagPlain) => void; text: (t: string) => void; close: (name: string) => void },
): void {
  // No DTDs or external entities: saxes does not fetch or expand them (it only knows the five XML entities).
  const parser = new SaxesParser();
  parser.on('opentag', handlers.open);
  parser.on('text', handlers.text);
  parser.on('cdata', handlers.text);
  parser.on('closetag', (tag) => handlers.close(tag.name));
  try {
    parser.write(xml).close();
  } catch (e) {
    if (isAnalyzerError(e)) throw e;
    throw new AnalyzerError('CORRUPT_OFD', `Part ${part} is not well-formed XML: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** ST_Loc: absolute ("/Doc_0/…") from the package root, otherwise relative to the referencing part's folder. */
function resolveLoc(baseDir: string, loc: string): string {
  const l = loc.trim();
  return normalizePath(l.startsWith('/') ? l : `${baseDir}/${l}`);
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}
