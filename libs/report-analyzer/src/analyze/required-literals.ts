// Which literal strings must a match contain? Used as a prefilter: a regex that is tested against many sentences
// but rarely matches is gated by a cheap `includes` of its required literals, so the engine does not try every
// position of every sentence (leading optional groups such as `(还|仍|尚)?(有|存在)…` defeat its own skip-ahead).
//
// The analysis is conservative: it returns a set of literals of which every match contains at least one, or null
// when it cannot tell (classes it cannot enumerate, `.`, `\S`, back-references, flags other than g/y/m/s, a branch
// that can match without any literal). Lookarounds are ignored: they consume nothing.

import { firstChars, readGroupOpening } from './first-chars';

const MAX_EXACT = 64; // cap on the enumerated strings of a sub-pattern
const MAX_CLASS = 10; // a character class is enumerated only when it is this small
/** Regexes needing more literals than this are cheaper to run as they are. */
const MAX_LITERALS = 12;

/**
 * What a sub-pattern is known to match: `exact`, every string it can match (when few and finite); `req`, literals of
 * which each match contains at least one.
 */
interface Info {
  exact: string[] | null;
  req: string[] | null;
}

const EMPTY: Info = { exact: [''], req: null };
const UNKNOWN: Info = { exact: null, req: null };

/**
 * The better of two requirement sets: one whose literals are all at least two characters long, then fewer literals,
 * then a longer shortest literal. null when neither requires anything.
 */
function better(a: string[] | null, b: string[] | null): string[] | null {
  const minLen = (x: string[] | null) => (x === null || x.length === 0 ? 0 : Math.min(...x.map((s) => s.length)));
  const la = minLen(a);
  const lb = minLen(b);
  if (la === 0 || lb === 0) return la ? a : lb ? b : null;
  if (Math.min(la, 2) !== Math.min(lb, 2)) return la > lb ? a : b;
  if (a!.length !== b!.length) return a!.length < b!.length ? a : b;
  return la >= lb ? a : b;
}

/** Drops literals that contain another one of the set (finding the shorter one is enough). */
function minimal(lits: string[]): string[] {
  const set = [...new Set(lits)];
  return set.filter((l) => !set.some((m) => m !== l && l.includes(m)));
}

const bestOf = (i: Info): string[] | null => better(i.req, i.exact);

function cross(a: string[], b: string[]): string[] | null {
  if (a.length * b.length > MAX_EXACT) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return [...out];
}

class Parser {
  i = 0;
  constructor(readonly src: string) {}

  alternation(): Info {
    const alts: Info[] = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    if (alts.length === 1) return alts[0];
    let exact: string[] | null = [];
    const req = new Set<string>();
    let reqOk = true;
    for (const a of alts) {
      exact = exact && a.exact && exact.length + a.exact.length <= MAX_EXACT ? [...new Set([...exact, ...a.exact])] : null;
      const r = bestOf(a);
      if (r === null) reqOk = false;
      else for (const s of r) req.add(s);
    }
    return { exact, req: reqOk ? minimal([...req]) : null };
  }

  sequence(): Info {
    // `run`: the strings the latest stretch of enumerable items can spell; `whole`: that stretch is the whole sequence
    let run: string[] = [''];
    let whole = true;
    let req: string[] | null = null;
    let word = ''; // the latest stretch of single-valued items: one literal on its own ("差距" in "…的?差距")
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const item = this.quantified(this.atom());
      word = item.exact?.length === 1 ? word + item.exact[0] : '';
      if (word) req = better(req, [word]);
      if (item.exact !== null) {
        req = better(req, item.exact); // the item on its own (often fewer literals than the stretch)
        const joined = cross(run, item.exact);
        if (joined !== null) req = better(req, (run = joined));
        else {
          req = better(req, run); // too varied to enumerate: start a new stretch
          run = item.exact;
          whole = false;
        }
        continue;
      }
      req = better(better(req, run), bestOf(item));
      run = [''];
      whole = false;
    }
    return { exact: whole ? run : null, req: better(req, run) };
  }

  quantified(atom: Info): Info {
    const s = this.src;
    const c = s[this.i];
    let min = 1;
    let max = 1;
    if (c === '?' || c === '*' || c === '+') {
      min = c === '+' ? 1 : 0;
      max = c === '?' ? 1 : Infinity;
      this.i++;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.i));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length;
    } else return atom;
    if (s[this.i] === '?') this.i++; // lazy
    if (min === 0 && max === 1 && atom.exact) return { exact: [...new Set(['', ...atom.exact])], req: null };
    if (min === 0) return { exact: null, req: null };
    if (min === 1 && max === 1) return atom;
    return { exact: null, req: bestOf(atom) }; // at least one repetition
  }

  atom(): Info {
    const s = this.src;
    const ch = s[this.i];
    if (ch === '(') {
      const group = readGroupOpening(s, this.i + 1);
      if (group.kind === 'unknown') throw new Error('unsupported group');
      this.i = group.next;
      const lookaround = group.kind === 'lookaround';
      const inner = this.alternation();
      if (s[this.i] !== ')') throw new Error('unbalanced');
      this.i++;
      return lookaround ? EMPTY : inner;
    }
    if (ch === '[') return this.charClass();
    if (ch === '\\') return this.escape();
    this.i++;
    if (ch === '^' || ch === '$') return EMPTY;
    if (ch === '.' || ch === '*' || ch === '+' || ch === '?') return UNKNOWN;
    return { exact: [ch], req: null };
  }

  escape(): Info {
    const s = this.src;
    const c = s[this.i + 1];
    this.i += 2;
    if (c === undefined) throw new Error('trailing backslash');
    if (c === 'd') return { exact: [...'0123456789'], req: null };
    if (c === 'b' || c === 'B') return EMPTY;
    if (c === 'n') return { exact: ['\n'], req: null };
    if (c === 't') return { exact: ['\t'], req: null };
    if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(this.i, this.i + 4))) {
      const code = parseInt(s.slice(this.i, this.i + 4), 16);
      this.i += 4;
      return { exact: [String.fromCharCode(code)], req: null };
    }
    if ('sSwWDfrv'.includes(c)) return UNKNOWN; // one-token classes: not enumerated
    if (/[A-Za-z0-9]/.test(c)) throw new Error('unsupported escape'); // back-references, \x41, \k<name>…: give up
    return { exact: [c], req: null };
  }

  charClass(): Info {
    const s = this.src;
    let end = this.i + 1;
    while (end < s.length && s[end] !== ']') end += s[end] === '\\' ? 2 : 1;
    if (end >= s.length) throw new Error('unbalanced class');
    const body = s.slice(this.i + 1, end);
    this.i = end + 1;
    // only plain lists of characters (no negation, escapes or ranges) are enumerated
    if (body === '' || body.startsWith('^') || /[\\\-\[]/.test(body)) return UNKNOWN;
    const chars = [...new Set(body)];
    return chars.length <= MAX_CLASS ? { exact: chars, req: null } : UNKNOWN;
  }
}

/** Literals of which every match of `re` contains at least one; null when that cannot be bounded usefully. */
export function requiredLiterals(re: RegExp): string[] | null {
  if (/[^gyms]/.test(re.flags)) return null;
  try {
    const p = new Parser(re.source);
    const info = p.alternation();
    if (p.i < re.source.length) return null;
    const lits = bestOf(info) && minimal(bestOf(info)!);
    if (lits === null || lits.some((l) => l === '') || lits.length > MAX_LITERALS) return null;
    return lits;
  } catch {
    return null;
  }
}

/**
 * Gives a non-global regex a `test` that first checks (with `includes`) that the string holds one of the
 * pattern's required literals; results are unchanged. Only where that is cheaper: Irregexp already skips quickly
 * through a pattern that starts with few characters, but tries every position of one that can start with many (leading
 * optional groups); anchored patterns fail fast anyway.
 */
export function gateByLiterals<R extends RegExp | undefined>(re: R): R {
  if (!re || re.global || re.sticky || re.source.startsWith('^')) return re;
  const lits = requiredLiterals(re);
  const starts = firstChars(re.source);
  if (!lits || starts === null || starts.size <= lits.length) return re;
  const inner = new RegExp(re.source, re.flags);
  const holdsOne = (s: string): boolean => {
    for (const l of lits) if (s.includes(l)) return true;
    return false;
  };
  // only `test` is wrapped: an own `exec` would take every regex built-in off its fast path
  Object.defineProperty(re, 'test', { value: (s: string) => holdsOne(s) && inner.test(s) });
  return re;
}
