// How can a regex match start? Used to dispatch: one pass over the text looks up each position's first two characters
// and tries (sticky, at that position) only the rules that can start with them, instead of scanning the whole text
// once per rule. Irregexp cannot skip ahead for an alternation of phrases with different first characters, so a
// per-rule scan costs a check at every position; the dispatch costs a table lookup per position.
//
// The analysis is conservative: lookarounds are ignored (they only narrow a match), and anything it cannot bound
// (`.`, `[^…]`, `\S`, a pattern that can match the empty string) yields null, meaning "scan this rule normally".

const DIGITS = '0123456789';
const MAX_SET = 4000;

/**
 * The strings of length ≤ 2 a match can start with: a string of length 2 is a two-character prefix; a shorter one
 * means the match can end there. null: unbounded.
 */
type Prefixes = Set<string> | null;

function concat(a: Prefixes, b: Prefixes): Prefixes {
  if (a === null) return null;
  const out = new Set<string>();
  for (const x of a) {
    if (x.length >= 2) {
      out.add(x);
      continue;
    }
    if (b === null) return null;
    for (const y of b) out.add((x + y).slice(0, 2));
    if (out.size > MAX_SET) return null;
  }
  return out;
}

function unionP(a: Prefixes, b: Prefixes): Prefixes {
  if (a === null || b === null) return null;
  for (const x of b) a.add(x);
  return a.size > MAX_SET ? null : a;
}

class Parser {
  i = 0;
  constructor(readonly src: string) {}

  alternation(): Prefixes {
    let set: Prefixes = new Set();
    for (;;) {
      set = unionP(set, this.sequence());
      if (this.src[this.i] !== '|') return set;
      this.i++;
    }
  }

  sequence(): Prefixes {
    let acc: Prefixes = new Set(['']);
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      const q = this.quantifier();
      let p = atom;
      if (q.max !== 1) p = unionP(p === null ? null : new Set(p), concat(p, p)); // two repetitions cover a 2-prefix
      if (q.min === 0 && p !== null) p = new Set([...p, '']);
      acc = concat(acc, p);
    }
    return acc;
  }

  atom(): Prefixes {
    const s = this.src;
    const ch = s[this.i];
    if (ch === '(') {
      const group = readGroupOpening(s, this.i + 1);
      this.i = group.next;
      const lookaround = group.kind === 'lookaround';
      const inner = this.alternation();
      this.i++; // ')'
      // a lookaround consumes nothing: it only narrows, so ignoring it keeps the sets supersets
      return lookaround ? new Set(['']) : inner;
    }
    if (ch === '[') return this.charClass();
    if (ch === '\\') return this.escape();
    this.i++;
    if (ch === '^' || ch === '$') return new Set(['']);
    if (ch === '.') return null;
    return new Set([ch]);
  }

  escape(): Prefixes {
    const s = this.src;
    const c = s[this.i + 1];
    this.i += 2;
    if (c === 'd') return new Set(DIGITS);
    if (c === 'b' || c === 'B') return new Set(['']);
    if (c === 'u') {
      const code = parseInt(s.slice(this.i, this.i + 4), 16);
      this.i += 4;
      return new Set([String.fromCharCode(code)]);
    }
    if (c === 'n') return new Set(['\n']);
    if (/[A-Za-z]/.test(c)) return null;
    return new Set([c]);
  }

  charClass(): Prefixes {
    const s = this.src;
    this.i++;
    const negated = s[this.i] === '^';
    if (negated) this.i++;
    const set = new Set<string>();
    let any = negated;
    let prev: string | null = null;
    while (this.i < s.length && s[this.i] !== ']') {
      let c = s[this.i];
      if (c === '\\') {
        const e = s[this.i + 1];
        this.i += 2;
        if (e === 'd') {
          for (const d of DIGITS) set.add(d);
          prev = null;
          continue;
        }
        if (e === 'u') {
          c = String.fromCharCode(parseInt(s.slice(this.i, this.i + 4), 16));
          this.i += 4;
        } else if (e === 'n') c = '\n';
        else if (/[A-Za-z]/.test(e)) {
          any = true;
          prev = null;
          continue;
        } else c = e;
      } else this.i++;
      if (c === '-' && prev !== null && s[this.i] !== ']') {
        let next = s[this.i];
        if (next === '\\' && s[this.i + 1] === 'u') {
          next = String.fromCharCode(parseInt(s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else this.i += next === '\\' ? 2 : 1;
        const a = prev.charCodeAt(0);
        const b = next.charCodeAt(0);
        if (b - a > 512) any = true;
        else for (let k = a; k <= b; k++) set.add(String.fromCharCode(k));
        prev = null;
        continue;
      }
      set.add(c);
      prev = c;
    }
    this.i++; // ']'
    return any ? null : set;
  }

  /** Skips a quantifier and returns its bounds (max Infinity when open). */
  quantifier(): { min: number; max: number } {
    const s = this.src;
    const c = s[this.i];
    let q = { min: 1, max: 1 };
    if (c === '?') q = { min: 0, max: 1 };
    else if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    else if (c === '{') {
      const m = /^\{(\d*)(,(\d*))?\}/.exec(s.slice(this.i));
      if (!m) return q;
      const min = m[1] === '' ? 0 : Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length - 1;
      q = { min, max };
    } else return q;
    this.i++;
    if (s[this.i] === '?') this.i++; // lazy
    return q;
  }
}

/** The two-character prefixes a match of `source` starts with; null when unbounded or a match can be shorter. */
/**
 * Reads what follows a group's "(": a plain or named group, a non-capturing one, or a lookaround. Both regex readers
 * (first characters here, required literals in required-literals.ts) open groups this way.
 */
export function readGroupOpening(src: string, at: number): { next: number; kind: 'group' | 'lookaround' | 'unknown' } {
  if (src[at] !== '?') return { next: at, kind: 'group' };
  if (src.startsWith('?:', at)) return { next: at + 2, kind: 'group' };
  if (src.startsWith('?=', at) || src.startsWith('?!', at)) return { next: at + 2, kind: 'lookaround' };
  if (src.startsWith('?<=', at) || src.startsWith('?<!', at)) return { next: at + 3, kind: 'lookaround' };
  if (src.startsWith('?<', at)) return { next: src.indexOf('>', at) + 1, kind: 'group' };
  return { next: at, kind: 'unknown' };
}

export function firstPairs(source: string): Set<string> | null {
  try {
    const p = new Parser(source);
    const set = p.alternation();
    if (p.i < source.length || set === null || set.size === 0) return null;
    for (const x of set) if (x.length < 2) return null;
    return set;
  } catch {
    return null;
  }
}

/** Characters a match of `source` can start with; null when that cannot be bounded. */
export function firstChars(source: string): Set<string> | null {
  try {
    const p = new Parser(source);
    const set = p.alternation();
    if (p.i < source.length || set === null || set.size === 0) return null;
    const out = new Set<string>();
    for (const x of set) {
      if (!x) return null; // can match the empty string
      out.add(x[0]);
    }
    return out;
  } catch {
    return null;
  }
}

interface PhraseEntry<T> {
  phrase: string;
  payload: T;
}

/**
 * One pass over the text for all claim rules. Plain phrases are indexed by their first two characters and checked
 * with startsWith; regex rules by their possible two-character prefixes (or, when those cannot be bounded, their first
 * characters) and tried sticky at that position. Rules whose start cannot be bounded at all are left to `unbounded`
 * (scan them normally). Lookups are two levels of small-integer keys: an array by first character, then a Map by the
 * second.
 */
interface Bucket<T> {
  phrases: PhraseEntry<T>[];
  rules: T[];
  /** per rule: a literal every match starts with (3+ characters), checked with startsWith before the regex runs */
  lits: Array<string | undefined>;
}

const SPECIAL = new Set([...'()[]{}|?*+.\\^$']);

/** The words of a source that is a plain list of words ("a|bc|def"), or null. */
export function literalAlternatives(source: string): string[] | null {
  const words = source.split('|');
  for (const w of words) {
    if (!w) return null;
    for (const c of w) if (SPECIAL.has(c) || c === '|') return null;
  }
  return words;
}

/**
 * The literal text every match of `source` starts with, when it is at least 3 characters long (a rule dispatched at
 * a frequent pair such as 法治 is then ruled out by a startsWith instead of a regex call). undefined otherwise.
 */
export function literalPrefix(source: string): string | undefined {
  // a top-level alternation has no common prefix worth finding
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '|' && depth === 0) return undefined;
  }
  let n = 0;
  while (n < source.length && !SPECIAL.has(source[n])) n++;
  // a quantifier after the run applies to its last character
  if (n < source.length && '?*{'.includes(source[n])) n--;
  return n >= 3 ? source.slice(0, n) : undefined;
}

interface Slot<T> {
  /** by the second character */
  next: Map<number, Bucket<T>>;
  /** whatever the second character */
  any: Bucket<T> | undefined;
}

export class ClaimScanner<T extends { sticky: RegExp }> {
  /** by the first character; undefined for characters no phrase or rule starts with */
  private readonly slots: Array<Slot<T> | undefined> = new Array(65536);
  readonly unbounded: T[] = [];

  constructor(rules: Array<{ rule: T; source: string }>, phrases: PhraseEntry<T>[]) {
    for (const e of phrases) {
      const b = e.phrase.length < 2 ? this.any(e.phrase.charCodeAt(0)) : this.bucket(e.phrase.charCodeAt(0), e.phrase.charCodeAt(1));
      b.phrases.push(e);
    }
    for (const { rule, source } of rules) {
      // a rule that is only a list of words ("执法证|执法资格") is matched like phrases: a startsWith, no regex call
      const words = literalAlternatives(source);
      if (words) {
        for (const phrase of words) {
          const b = phrase.length < 2 ? this.any(phrase.charCodeAt(0)) : this.bucket(phrase.charCodeAt(0), phrase.charCodeAt(1));
          b.phrases.push({ phrase, payload: rule });
        }
        continue;
      }
      const lit = literalPrefix(source);
      const pairs = firstPairs(source);
      if (pairs) {
        for (const pair of pairs) addRule(this.bucket(pair.charCodeAt(0), pair.charCodeAt(1)), rule, lit);
        continue;
      }
      const first = firstChars(source);
      if (!first) this.unbounded.push(rule);
      else for (const ch of first) addRule(this.any(ch.charCodeAt(0)), rule, lit);
    }
  }

  private slot(c0: number): Slot<T> {
    return (this.slots[c0] ??= { next: new Map(), any: undefined });
  }

  private bucket(c0: number, c1: number): Bucket<T> {
    const slot = this.slot(c0);
    let b = slot.next.get(c1);
    if (!b) slot.next.set(c1, (b = { phrases: [], rules: [], lits: [] }));
    return b;
  }

  private any(c0: number): Bucket<T> {
    const slot = this.slot(c0);
    return (slot.any ??= { phrases: [], rules: [], lits: [] });
  }

  /** Calls `hit` for every match start of every phrase and bounded rule within [from, to). */
  scan(text: string, from: number, to: number, hit: (payload: T, start: number, end: number, m?: RegExpExecArray) => void): void {
    const slots = this.slots;
    for (let i = from; i < to; i++) {
      const slot = slots[text.charCodeAt(i)];
      if (slot === undefined) continue;
      const b = slot.next.get(text.charCodeAt(i + 1));
      if (b !== undefined) runBucket(b, text, i, hit);
      if (slot.any !== undefined) runBucket(slot.any, text, i, hit);
    }
  }
}

function addRule<T>(b: Bucket<T>, rule: T, lit: string | undefined): void {
  if (b.rules.includes(rule)) return;
  b.rules.push(rule);
  b.lits.push(lit);
}

function runBucket<T extends { sticky: RegExp }>(b: Bucket<T>, text: string, i: number, hit: (payload: T, start: number, end: number, m?: RegExpExecArray) => void): void {
  for (const e of b.phrases) if (text.startsWith(e.phrase, i)) hit(e.payload, i, i + e.phrase.length);
  const rules = b.rules;
  for (let k = 0; k < rules.length; k++) {
    const lit = b.lits[k];
    if (lit !== undefined && !text.startsWith(lit, i)) continue;
    const rule = rules[k];
    rule.sticky.lastIndex = i;
    const m = rule.sticky.exec(text);
    if (m !== null && m[0].length > 0) hit(rule, i, i + m[0].length, m);
  }
}
