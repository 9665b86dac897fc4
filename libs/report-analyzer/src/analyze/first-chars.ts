// Which characters can a regex match start with? Used to dispatch: one pass over the text looks up each character in
// a table and tries (sticky, at that position) only the rules that can start with it, instead of scanning the whole
// text once per rule. Irregexp cannot skip ahead for an alternation of phrases with different first characters, so a
// per-rule scan costs a check at every position; the dispatch costs one table lookup per position.
//
// The analysis is conservative: lookarounds are ignored (they only narrow a match), and anything it cannot bound
// (`.`, `[^…]`, `\S`, a pattern that can match the empty string) yields null, meaning "scan this rule normally".

const DIGITS = '0123456789';

interface FirstInfo {
  /** null: any character */
  set: Set<string> | null;
  nullable: boolean;
}

class Parser {
  i = 0;
  constructor(readonly src: string) {}

  alternation(): FirstInfo {
    let set: Set<string> | null = new Set();
    let nullable = false;
    for (;;) {
      const seq = this.sequence();
      set = union(set, seq.set);
      nullable ||= seq.nullable;
      if (this.src[this.i] !== '|') return { set, nullable };
      this.i++;
    }
  }

  sequence(): FirstInfo {
    let set: Set<string> | null = new Set();
    let open = true; // still collecting first characters
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      const nullable = this.quantifier() || atom.nullable;
      if (open) {
        set = union(set, atom.set);
        if (!nullable) open = false;
      }
    }
    return { set, nullable: open };
  }

  atom(): FirstInfo {
    const s = this.src;
    const ch = s[this.i];
    if (ch === '(') {
      this.i++;
      let lookaround = false;
      if (s[this.i] === '?') {
        if (s.startsWith('?:', this.i)) this.i += 2;
        else if (s.startsWith('?=', this.i) || s.startsWith('?!', this.i)) {
          this.i += 2;
          lookaround = true;
        } else if (s.startsWith('?<=', this.i) || s.startsWith('?<!', this.i)) {
          this.i += 3;
          lookaround = true;
        } else if (s.startsWith('?<', this.i)) this.i = s.indexOf('>', this.i) + 1;
      }
      const inner = this.alternation();
      this.i++; // ')'
      return lookaround ? { set: new Set(), nullable: true } : inner;
    }
    if (ch === '[') return this.charClass();
    if (ch === '\\') return this.escape();
    this.i++;
    if (ch === '^' || ch === '$') return { set: new Set(), nullable: true };
    if (ch === '.') return { set: null, nullable: false };
    return { set: new Set([ch]), nullable: false };
  }

  escape(): FirstInfo {
    const s = this.src;
    const c = s[this.i + 1];
    this.i += 2;
    if (c === 'd') return { set: new Set(DIGITS), nullable: false };
    if (c === 'b' || c === 'B') return { set: new Set(), nullable: true };
    if (c === 'u') {
      const code = parseInt(s.slice(this.i, this.i + 4), 16);
      this.i += 4;
      return { set: new Set([String.fromCharCode(code)]), nullable: false };
    }
    if (c === 'n') return { set: new Set(['\n']), nullable: false };
    if (/[A-Za-z]/.test(c)) return { set: null, nullable: false };
    return { set: new Set([c]), nullable: false };
  }

  charClass(): FirstInfo {
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
    return { set: any ? null : set, nullable: false };
  }

  /** Skips a quantifier; true when it allows zero repetitions. */
  quantifier(): boolean {
    const s = this.src;
    const c = s[this.i];
    let zero = false;
    if (c === '?' || c === '*') {
      zero = true;
      this.i++;
    } else if (c === '+') this.i++;
    else if (c === '{') {
      const m = /^\{(\d*)(,\d*)?\}/.exec(s.slice(this.i));
      if (!m) return false;
      zero = m[1] === '' || Number(m[1]) === 0;
      this.i += m[0].length;
    } else return false;
    if (s[this.i] === '?') this.i++; // lazy
    return zero;
  }
}

function union(a: Set<string> | null, b: Set<string> | null): Set<string> | null {
  if (a === null || b === null) return null;
  for (const x of b) a.add(x);
  return a;
}

/** Characters a match of `source` can start with; null when that cannot be bounded. */
export function firstChars(source: string): Set<string> | null {
  try {
    const p = new Parser(source);
    const info = p.alternation();
    if (p.i < source.length || info.nullable || !info.set) return null;
    return info.set;
  } catch {
    return null;
  }
}

/** Rules indexed by the UTF-16 code of the characters they can start with, plus the rules that need a full scan. */
export class FirstCharDispatch<T extends { sticky: RegExp }> {
  private readonly table = new Uint8Array(65536);
  private readonly byChar = new Map<number, T[]>();
  readonly unbounded: T[] = [];

  constructor(rules: Array<{ rule: T; source: string }>) {
    for (const { rule, source } of rules) {
      const first = firstChars(source);
      if (!first) {
        this.unbounded.push(rule);
        continue;
      }
      for (const ch of first) {
        const code = ch.charCodeAt(0);
        this.table[code] = 1;
        const list = this.byChar.get(code);
        if (list) list.push(rule);
        else this.byChar.set(code, [rule]);
      }
    }
  }

  /** Calls `hit` for every match start of every bounded rule within [from, to). */
  scan(text: string, from: number, to: number, hit: (rule: T, m: RegExpExecArray, pos: number) => void): void {
    const table = this.table;
    for (let i = from; i < to; i++) {
      const code = text.charCodeAt(i);
      if (!table[code]) continue;
      for (const rule of this.byChar.get(code)!) {
        rule.sticky.lastIndex = i;
        const m = rule.sticky.exec(text);
        if (m && m[0].length) hit(rule, m, i);
      }
    }
  }
}

/**
 * Literal phrases indexed by their first two characters: one pass over the text, a table lookup per position, and a
 * startsWith check only for the phrases that share the pair. Used for the plain phrases of the lexicon, which are
 * most of its wording.
 */
export class PhraseIndex<T> {
  private readonly first = new Uint8Array(65536);
  private readonly byPair = new Map<number, Array<{ phrase: string; payload: T }>>();
  private readonly singles = new Map<number, Array<{ phrase: string; payload: T }>>();

  constructor(entries: Array<{ phrase: string; payload: T }>) {
    for (const e of entries) {
      const c0 = e.phrase.charCodeAt(0);
      this.first[c0] = 1;
      const target = e.phrase.length >= 2 ? this.byPair : this.singles;
      const key = e.phrase.length >= 2 ? c0 * 65536 + e.phrase.charCodeAt(1) : c0;
      const list = target.get(key);
      if (list) list.push(e);
      else target.set(key, [e]);
    }
  }

  /** Calls `hit` for every occurrence of every phrase starting within [from, to). */
  scan(text: string, from: number, to: number, hit: (payload: T, start: number, end: number) => void): void {
    const first = this.first;
    for (let i = from; i < to; i++) {
      const c0 = text.charCodeAt(i);
      if (!first[c0]) continue;
      const pairs = this.byPair.get(c0 * 65536 + text.charCodeAt(i + 1));
      if (pairs) for (const e of pairs) if (text.startsWith(e.phrase, i)) hit(e.payload, i, i + e.phrase.length);
      const singles = this.singles.get(c0);
      if (singles) for (const e of singles) hit(e.payload, i, i + 1);
    }
  }
}
