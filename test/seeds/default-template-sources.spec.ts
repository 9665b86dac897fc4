import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Issue 14: sources shown to people cite the document (title, issuer, 文号), in Chinese, never a mirror site. */
const template = JSON.parse(readFileSync(path.join(__dirname, '../../seeds/checklists/default-template.json'), 'utf8'));

const urls = (text: string) => text.match(/https?:\/\/[^\s，；）]+/g) ?? [];
const official = (url: string) => /^https?:\/\/([a-z0-9-]+\.)*gov\.cn(:\d+)?(\/|$)/i.test(url);
/** English prose: a run of two Latin words (not a URL, not a standard number such as DB32/T 4658-2024). */
const english = (text: string) => /\b[A-Za-z]{2,}\b[ ,.;:'’-]+\b[A-Za-z]{2,}\b/.test(text.replace(/https?:\/\/\S+/g, ''));

describe('default template sources', () => {
  const sources: { where: string; text: string }[] = [
    ...template.sourceDocuments.flatMap((d: any) => [
      { where: `sourceDocuments ${d.short} title`, text: d.title },
      { where: `sourceDocuments ${d.short} note`, text: d.note ?? '' },
      { where: `sourceDocuments ${d.short} url`, text: d.url ?? '' },
    ]),
    ...template.obligations.flatMap((o: any) =>
      o.sources.flatMap((s: any) => [
        { where: `${o.id} ${s.short} ref`, text: s.ref },
        { where: `${o.id} ${s.short} note`, text: s.note ?? '' },
      ]),
    ),
    ...Object.entries(template.tagLegend ?? {}).map(([tag, text]) => ({ where: `tagLegend ${tag}`, text: String(text) })),
  ];

  it('links only official (gov.cn) pages', () => {
    expect(sources.flatMap((s) => urls(s.text).filter((u) => !official(u)).map((u) => `${s.where}: ${u}`))).toEqual([]);
  });

  it('is written in Chinese', () => {
    expect(sources.filter((s) => english(s.text)).map((s) => `${s.where}: ${s.text}`)).toEqual([]);
  });

  it('cites each national document by its title and issuer', () => {
    for (const doc of template.sourceDocuments) {
      expect([doc.short, /^《[^》]+》（[^）]+）$/.test(doc.title)]).toEqual([doc.short, true]);
    }
    const titles = new Map<string, string>(template.sourceDocuments.map((d: any) => [d.short, d.title]));
    for (const o of template.obligations) {
      for (const s of o.sources) if (titles.has(s.short)) expect(s.ref.startsWith(titles.get(s.short)!)).toBe(true);
    }
  });

  it('would catch a mirror link and an English note', () => {
    expect(urls('见 http://allindiakart.com/content/21647.html').filter((u) => !official(u))).toHaveLength(1);
    expect(english('Mirror copy, opening only.')).toBe(true);
    expect(english('江苏省地方标准 DB32/T 4658-2024')).toBe(false);
  });
});
