import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { normalizeText } from './normalize-text';

describe('normalizeText', () => {
  it.each([
    ['共 8 名', '共8名'],
    ['持证率 100 %', '持证率100%'],
    ['于 2 0 2 3 年', '于2023年'],
    ['2 0 2 3 年工作', '2023年工作'],
    ['达到100% 的', '达到100%的'],
    ['法治 政府 建设', '法治政府建设'],
    ['一、 主要工作 。', '一、主要工作。'],
  ])('removes spaces that PDF layout puts into Chinese: %j', (raw, expected) => {
    expect(normalizeText(raw)).toBe(expected);
  });

  it('keeps spaces between Latin words and in Latin number lists', () => {
    expect(normalizeText('Hello   World')).toBe('Hello World');
    expect(normalizeText('items 1 2 3')).toBe('items 1 2 3');
    expect(normalizeText('APP 推广')).toBe('APP 推广');
  });

  it('folds full-width digits and letters but keeps Chinese punctuation', () => {
    expect(normalizeText('２０２３年ＡＢＣｘｙｚ，（一）“两个确立”；：、！')).toBe('2023年ABCxyz，（一）“两个确立”；：、！');
    expect(normalizeText('(一)依法行政,推进"放管服"')).toBe('(一)依法行政,推进"放管服"');
  });

  it('turns ideographic, no-break and zero-width spaces into plain spacing', () => {
    expect(normalizeText('\u3000\u3000（一）加强\u3000领导')).toBe('（一）加强领导');
    expect(normalizeText('a\u00A0b')).toBe('a b');
    expect(normalizeText('法\u200B治\uFEFF政\u200D府')).toBe('法治政府');
  });

  it('turns Kangxi and CJK-supplement radicals back into the ideographs a PDF text layer meant', () => {
    expect(normalizeText('⾦⻢镇法治政府建设⼯作报告')).toBe('金马镇法治政府建设工作报告');
    expect(normalizeText('⺠⽣保障，⻓效机制，⻔户⽹站')).toBe('民生保障，长效机制，门户网站');
    // Only radicals are folded: full-width punctuation, which NFKC would turn into ASCII, stays.
    expect(normalizeText('⼀、（⼆）：；！')).toBe('一、（二）：；！');
    const once = normalizeText('⺁⺇⼯⻓');
    expect(once).not.toMatch(/[\u2E80-\u2FDF]/u);
    expect(normalizeText(once)).toBe(once);
  });

  it('unifies line breaks, trims lines and collapses blank lines', () => {
    expect(normalizeText('\r\n\r\n  标题 \r\n\r\n\r\n\r\nPart\t\tOne  \r第二段\n\n\n')).toBe('标题\n\nPart\tOne\n第二段');
  });

  it('keeps a table cell boundary (a run of blanks holding a tab) as one tab, and none at a line edge', () => {
    expect(normalizeText('\t序号 \t 类别\t\t完成情况\t\n会前学法\t12次')).toBe('序号\t类别\t完成情况\n会前学法\t12次');
    expect(normalizeText(normalizeText('a \t b'))).toBe('a\tb');
  });

  it('is idempotent on the seed reports', () => {
    const dir = join(__dirname, '../../../../seeds/reports');
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.txt'))) {
      const once = normalizeText(readFileSync(join(dir, name), 'utf8'));
      expect(once.length).toBeGreaterThan(1000);
      expect(normalizeText(once)).toBe(once);
    }
  });

  it('normalises a 15 KB report in well under a millisecond on average', () => {
    const para = '2023年，青山镇坚持以习近平新时代中国特色社会主义思想为指导，全镇共 8 名行政执法人员持证上岗，持证率 100 %。\n\n';
    const report = para.repeat(Math.ceil(15_000 / Buffer.byteLength(para)));
    normalizeText(report); // compile the regexes
    const runs = 200;
    const start = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) normalizeText(report + i);
    const msPerRun = Number(process.hrtime.bigint() - start) / 1e6 / runs;
    expect(msPerRun).toBeLessThan(5); // ~0.2 ms on a developer machine; generous for loaded CI
  });
});
