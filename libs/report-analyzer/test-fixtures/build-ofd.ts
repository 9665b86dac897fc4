// OFD (GB/T 33190-2016) documents for tests, built by the standard's structure: OFD.xml → Doc_0/Document.xml →
// Doc_0/Pages/Page_N/Content.xml with TextObject/TextCode (positions in millimetres, y downwards), a public resource
// file with the font, an annotation part holding an electronic seal's stamp (its own text must never be read), and a
// signature part. Real OFD files cannot be fetched here; `npx tsx build-ofd.ts` writes report.ofd from report-source.
import { buildZip, type ZipEntrySpec } from './build-zip';

export interface OfdTextCode {
  x: number;
  y: number;
  text: string;
  /** DeltaX attribute as written (e.g. "g 5 5.6"). */
  deltaX?: string;
}

export interface OfdTextObject {
  /** x y w h of the object's box on the page, in mm. */
  boundary: [number, number, number, number];
  size: number;
  codes: OfdTextCode[];
  ctm?: string;
}

export interface OfdSpec {
  pages: OfdTextObject[][];
  /** Text drawn by a seal annotation on page 1 (Annotations.xml), e.g. the township government's stamp. */
  sealText?: string;
  /** Write page locations as absolute paths ("/Doc_0/Pages/…") instead of relative ones. */
  absoluteLocs?: boolean;
  /** Extra or replacement parts (hostile cases). */
  override?: (entries: ZipEntrySpec[]) => ZipEntrySpec[];
}

const NS = 'xmlns:ofd="http://www.ofdspec.org/2016"';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const xmlHead = '<?xml version="1.0" encoding="UTF-8"?>';

function textObject(o: OfdTextObject, id: number): string {
  const codes = o.codes
    .map(
      (c) =>
        `<ofd:TextCode X="${c.x}" Y="${c.y}"${c.deltaX ? ` DeltaX="${c.deltaX}"` : ''}>${esc(c.text)}</ofd:TextCode>`,
    )
    .join('');
  return (
    `<ofd:TextObject ID="${id}" Boundary="${o.boundary.join(' ')}" Font="2" Size="${o.size}"` +
    `${o.ctm ? ` CTM="${o.ctm}"` : ''}><ofd:FillColor Value="0 0 0"/>${codes}</ofd:TextObject>`
  );
}

export function buildOfd(spec: OfdSpec): Buffer {
  let id = 10;
  const pageLoc = (i: number) => (spec.absoluteLocs ? `/Doc_0/Pages/Page_${i}/Content.xml` : `Pages/Page_${i}/Content.xml`);
  const entries: ZipEntrySpec[] = [
    {
      name: 'OFD.xml',
      data:
        `${xmlHead}<ofd:OFD ${NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>` +
        '<ofd:DocID>6f9c1a2b3c4d5e6f7a8b9c0d1e2f3a4b</ofd:DocID><ofd:Title>法治政府建设工作报告</ofd:Title>' +
        '<ofd:Creator>OFD test builder</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>' +
        '<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody></ofd:OFD>',
    },
    {
      name: 'Doc_0/Document.xml',
      data:
        `${xmlHead}<ofd:Document ${NS}><ofd:CommonData><ofd:MaxUnitID>9999</ofd:MaxUnitID>` +
        '<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>' +
        '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>' +
        spec.pages.map((_, i) => `<ofd:Page ID="${i + 1}" BaseLoc="${pageLoc(i)}"/>`).join('') +
        '</ofd:Pages><ofd:Annotations>Annots/Annotations.xml</ofd:Annotations></ofd:Document>',
    },
    {
      name: 'Doc_0/PublicRes.xml',
      data:
        `${xmlHead}<ofd:Res ${NS} BaseLoc="Res"><ofd:Fonts>` +
        '<ofd:Font ID="2" FontName="仿宋_GB2312" FamilyName="仿宋_GB2312"/></ofd:Fonts></ofd:Res>',
    },
    ...spec.pages.map((objects, i) => ({
      name: `Doc_0/Pages/Page_${i}/Content.xml`,
      data:
        `${xmlHead}<ofd:Page ${NS}><ofd:Content><ofd:Layer ID="${id++}" Type="Body">` +
        objects.map((o) => textObject(o, id++)).join('') +
        '</ofd:Layer></ofd:Content></ofd:Page>',
    })),
  ];
  if (spec.sealText) {
    entries.push(
      {
        name: 'Doc_0/Annots/Annotations.xml',
        data: `${xmlHead}<ofd:Annotations ${NS}><ofd:Page PageID="1"><ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>`,
      },
      {
        name: 'Doc_0/Annots/Page_0/Annotation.xml',
        data:
          `${xmlHead}<ofd:PageAnnot ${NS}><ofd:Annot ID="${id++}" Type="Stamp" Creator="seal" ReadOnly="true">` +
          '<ofd:Appearance Boundary="120 200 42 42">' +
          textObject({ boundary: [0, 0, 42, 42], size: 4, codes: [{ x: 4, y: 22, text: spec.sealText }] }, id++) +
          '</ofd:Appearance></ofd:Annot></ofd:PageAnnot>',
      },
      {
        name: 'Doc_0/Signs/Signatures.xml',
        data: `${xmlHead}<ofd:Signatures ${NS}><ofd:Signature ID="1" Type="Seal" BaseLoc="Sign_0/Signature.xml"/></ofd:Signatures>`,
      },
      {
        name: 'Doc_0/Signs/Sign_0/Signature.xml',
        data:
          `${xmlHead}<ofd:Signature ${NS}><ofd:SignedInfo><ofd:Seal><ofd:BaseLoc>seal.esl</ofd:BaseLoc></ofd:Seal>` +
          `<ofd:StampAnnot ID="1" PageRef="1" Boundary="120 200 42 42"/></ofd:SignedInfo>` +
          '<ofd:SignedValue>SignedValue.dat</ofd:SignedValue></ofd:Signature>',
      },
      { name: 'Doc_0/Signs/Sign_0/SignedValue.dat', data: Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 37) % 256)) },
    );
  }
  return buildZip(spec.override ? spec.override(entries) : entries);
}

export interface LayoutOptions {
  /** Characters per full line. Default 28 (A4, 16 pt 仿宋 on a 156 mm text width). */
  perLine?: number;
  /** Lines per page. Default 22. */
  linesPerPage?: number;
  /** Split every line into two text objects, the right half written first in the file. Default true. */
  splitLines?: boolean;
}

/**
 * Lays paragraphs out like a 公文: title centred, body paragraphs indented two characters and wrapped at the right
 * margin, "- N -" page numbers at the foot, one TextCode per character run with DeltaX in the standard's "g" form.
 */
export function layoutReport(paragraphs: string[], opts: LayoutOptions = {}): OfdTextObject[][] {
  const perLine = opts.perLine ?? 28;
  const linesPerPage = opts.linesPerPage ?? 22;
  const split = opts.splitLines ?? true;
  const size = 5.6;
  const left = 27;
  const top = 37;
  const lineHeight = 10;
  const lines: { text: string; indent: number }[] = [];
  paragraphs.forEach((p, pi) => {
    if (pi === 0) {
      lines.push({ text: p, indent: Math.max(0, Math.floor((perLine - [...p].length) / 2)) });
      return;
    }
    const chars = [...p];
    let first = true;
    while (chars.length > 0) {
      const room = first ? perLine - 2 : perLine;
      lines.push({ text: chars.splice(0, room).join(''), indent: first ? 2 : 0 });
      first = false;
    }
  });
  const pages: OfdTextObject[][] = [];
  for (let start = 0; start < lines.length; start += linesPerPage) {
    const objects: OfdTextObject[] = [];
    lines.slice(start, start + linesPerPage).forEach((line, i) => {
      const y = top + i * lineHeight;
      const chars = [...line.text];
      const run = (from: number, to: number): OfdTextObject => {
        const text = chars.slice(from, to).join('');
        const x = left + (line.indent + from) * size;
        const n = to - from;
        return {
          boundary: [x, y - size, n * size, size * 1.4],
          size,
          codes: [{ x: 0, y: size, text, deltaX: n > 1 ? `g ${n - 1} ${size}` : undefined }],
        };
      };
      if (split && chars.length > 3) {
        const mid = Math.floor(chars.length / 2);
        objects.push(run(mid, chars.length), run(0, mid));
      } else {
        objects.push(run(0, chars.length));
      }
    });
    const n = pages.length + 1;
    objects.push({
      boundary: [100, 280, 20, 6],
      size: 4.2,
      codes: [{ x: 0, y: 4.2, text: `- ${n} -`, deltaX: 'g 4 1.4' }],
    });
    pages.push(objects);
  }
  return pages;
}

if (require.main === module) {
  // report.ofd: the report of report-source.html, laid out on two pages, with the township's seal.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('fs') as typeof import('fs');
  const path = `${__dirname}/report-source.html`;
  const html = fs.readFileSync(path, 'utf8');
  const paragraphs = [...html.matchAll(/<(?:h1|h2|p)[^>]*>([\s\S]*?)<\/(?:h1|h2|p)>/g)].map((m) =>
    m[1].replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim(),
  ).filter(Boolean);
  fs.writeFileSync(`${__dirname}/report.ofd`, buildOfd({ pages: layoutReport(paragraphs, { linesPerPage: 12 }), sealText: '青山镇人民政府' }));
  console.log(`wrote report.ofd (${paragraphs.length} paragraphs)`);
}
