import { ClaimScanner, literalAlternatives, literalPrefix } from './first-chars';

describe('scanner shortcuts', () => {
  it('reads the literal start of a rule only when every match has it (3+ characters)', () => {
    expect(literalPrefix('法治督察')).toBe('法治督察');
    expect(literalPrefix('法律顾问(?<=(村|社区)[^,]{0,8})')).toBe('法律顾问');
    expect(literalPrefix('调解员[^,]{0,4}')).toBe('调解员');
    expect(literalPrefix('执法证?书')).toBeUndefined(); // the quantifier makes 证 optional
    expect(literalPrefix('法治(政府)?建设')).toBeUndefined(); // only two characters
    expect(literalPrefix('法治督察|配合监督')).toBeUndefined(); // a top-level alternation
    expect(literalPrefix('(?:法治督察)')).toBeUndefined();
  });

  it('treats a plain list of words as phrases', () => {
    expect(literalAlternatives('执法证|执法资格')).toEqual(['执法证', '执法资格']);
    expect(literalAlternatives('执法(证|资格)')).toBeNull();
    expect(literalAlternatives('a||b')).toBeNull();
  });

  it('finds the same matches with the shortcuts as a plain regex scan', () => {
    const rules = ['法治督察', '执法证|执法资格', '法律顾问(?<=村[^,]{0,6})', '(法治|法律)讲座'].map((src) => ({
      rule: { sticky: new RegExp(src, 'y'), src },
      source: src,
    }));
    const scanner = new ClaimScanner(rules, []);
    const text = '配合法治督察,村聘请法律顾问,法律讲座2次,镇法律顾问,全员取得执法资格和执法证。';
    const got: string[] = [];
    scanner.scan(text, 0, text.length, (r, s, e) => got.push(`${r.src}@${s}:${text.slice(s, e)}`));
    const want: string[] = [];
    for (const { rule } of rules) {
      const re = new RegExp(rule.src, 'g');
      let m: RegExpExecArray | null;
      while ((m = re.exec(text))) want.push(`${rule.src}@${m.index}:${m[0]}`);
    }
    expect(got.sort()).toEqual(want.sort());
  });
});
