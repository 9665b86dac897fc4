// The one reader of regex syntax in the analyzer: how can a match of a lexicon pattern start? It answers with the
// two-character prefixes (or, failing that, the first characters) a match can begin with, which is what the
// StartPairDispatcher indexes rules by.
//
// The analysis is conservative: lookarounds are ignored (they only narrow a match), and anything it cannot bound
// (`.`, `[^…]`, `\S`, a pattern that can match the empty string) yields null, meaning "try this rule at every position".

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

/** Reads what follows a group's "(": a plain or named group, a non-capturing one, or a lookaround. */
function readGroupOpening(src: string, at: number): { next: number; kind: 'group' | 'lookaround' | 'unknown' } {
  if (src[at] !== '?') return { next: at, kind: 'group' };
  if (src.startsWith('?:', at)) return { next: at + 2, kind: 'group' };
  if (src.startsWith('?=', at) || src.startsWith('?!', at)) return { next: at + 2, kind: 'lookaround' };
  if (src.startsWith('?<=', at) || src.startsWith('?<!', at)) return { next: at + 3, kind: 'lookaround' };
  if (src.startsWith('?<', at)) return { next: src.indexOf('>', at) + 1, kind: 'group' };
  return { next: at, kind: 'unknown' };
}

/** The two-character prefixes a match of `source` starts with; null when unbounded or a match can be shorter. */
export function startPairs(source: string): Set<string> | null {
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
export function startChars(source: string): Set<string> | null {
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
