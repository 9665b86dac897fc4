// A simplified-Chinese "shadow" of the text with exactly the same length, so that matching can run on simplified
// characters while offsets (and therefore quotes) still index the original, possibly traditional, text.
//
// OpenCC converts phrase by phrase with a trie; a few of its entries change the UTF-16 length (they map to astral
// characters such as 二噁英 → 二𫫇英). We rebuild the converter from OpenCC's own dictionaries keeping only the
// entries whose source and target have the same UTF-16 length: every replacement then keeps its span, so the whole
// conversion keeps every index aligned, while phrase context is still used (顯著 → 显著, not 显着). The converter is
// built once per process (~150 ms) on first use.
import type { ConverterFunction, DictGroup, DictLike } from 'opencc-js';

// opencc-js ships CommonJS (UMD) under `require`; its preset dictionaries are plain strings "src dst|src dst|…".
// eslint-disable-next-line @typescript-eslint/no-require-imports
const OpenCC = require('opencc-js') as typeof import('opencc-js');

type Pair = [string, string];

interface ShadowConverter {
  convert: ConverterFunction;
  /** Matches any character the conversion changes in some dictionary context; text without one is returned as is. */
  mayChange: RegExp;
}

let cached: ShadowConverter | undefined;

function toPairs(dict: DictLike): Pair[] {
  const entries: readonly (readonly string[])[] =
    typeof dict === 'string' ? dict.split('|').map((e) => e.split(' ')) : dict;
  const pairs: Pair[] = [];
  for (const [src, dst] of entries) {
    if (src && dst !== undefined && src.length === dst.length) pairs.push([src, dst]);
  }
  return pairs;
}

// The preset as opencc-js builds it at run time (its .d.ts omits `normalizationChain`).
interface Preset {
  from: Record<string, readonly DictGroup[]>;
  to: Record<string, readonly DictGroup[]>;
  configs: Record<string, { normalizationChain?: readonly DictGroup[] }>;
}

function buildShadowConverter(): ShadowConverter {
  const { configs, from, to } = OpenCC.Locale as unknown as Preset;
  // Stages, in order, as OpenCC chains tw2s / hk2s: compatibility-ideograph normalisation; Taiwan and Hong Kong
  // variants → OpenCC traditional; traditional → mainland simplified.
  const stages: DictLike[][] = [
    (configs.tw2s?.normalizationChain ?? []).flat(),
    [...from.tw.flat(), ...from.hk.flat()],
    to.cn.flat(),
  ];
  const groups: Pair[][] = [];
  for (const dicts of stages) {
    // One trie per stage. A later addWord overwrites an earlier one, and OpenCC lets the first dictionary of a group
    // win, so add them last-first.
    const pairs = [...dicts].reverse().flatMap(toPairs);
    if (pairs.length > 0) groups.push(pairs);
  }
  const convert = OpenCC.ConverterFactory(...groups.map((pairs): DictGroup => [pairs]));
  // The characters the whole chain really changes, judged on every dictionary key: simplified characters such as
  // 台 or 群 go 台 → 臺 → 台 through the stages and must not defeat the fast path for simplified text.
  const changing = new Set<string>();
  for (const pairs of groups) {
    for (const [src] of pairs) {
      const out = convert(src);
      for (let i = 0; i < src.length; i++) if (out[i] !== src[i]) changing.add(src[i]);
    }
  }
  const bmp = [...changing].filter((c) => !isSurrogate(c)).map(escapeForClass);
  // Astral characters are compared per code unit above; any surrogate in the text sends it through the converter.
  const anySurrogate = [...changing].some(isSurrogate) ? '\\uD800-\\uDFFF' : '';
  return { convert, mayChange: new RegExp(`[${bmp.join('')}${anySurrogate}]`) };
}

const isSurrogate = (c: string): boolean => /[\uD800-\uDFFF]/.test(c);

function escapeForClass(c: string): string {
  return /[\\\]^-]/.test(c) ? `\\${c}` : c;
}

function converter(): ShadowConverter {
  cached ??= buildShadowConverter();
  return cached;
}

/**
 * Simplified-Chinese copy of `text` with exactly `text.length` UTF-16 units, index for index (規範性文件 → 规范性文件).
 * Text holding no character the conversion could change (most simplified text) is returned as is after one regex test.
 */
export function toSimplifiedShadow(text: string): string {
  const { convert, mayChange } = converter();
  if (!mayChange.test(text)) return text;
  const shadow = convert(text);
  // Guaranteed by construction (every kept entry preserves length); checked so a dictionary surprise cannot shift
  // offsets silently: fall back to converting character by character.
  return shadow.length === text.length ? shadow : convertCharByChar(text, convert);
}

function convertCharByChar(text: string, convert: ConverterFunction): string {
  return text.replace(/[\s\S]/g, (c) => {
    const s = convert(c);
    return s.length === 1 ? s : c;
  });
}
