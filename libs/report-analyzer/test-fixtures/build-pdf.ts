// A minimal PDF writer for tests: pages of positioned ASCII text (Helvetica) or image-only pages, with a correct
// xref table. Chinese text comes from the LibreOffice-made fixture (report.pdf); this covers structure cases.
export interface PdfTextRun {
  text: string;
  x: number;
  y: number;
  size?: number;
}

export type PdfPageSpec = { runs: PdfTextRun[] } | { image: { width: number; height: number } };

const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);

export function buildPdf(pages: PdfPageSpec[]): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(''); // pages tree, filled below
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const kids: number[] = [];
  for (const page of pages) {
    let content: string;
    let resources: string;
    if ('runs' in page) {
      content = page.runs
        .map((r) => `BT /F1 ${r.size ?? 12} Tf ${r.x} ${r.y} Td (${esc(r.text)}) Tj ET`)
        .join('\n');
      resources = '<< /Font << /F1 3 0 R >> >>';
    } else {
      const { width, height } = page.image;
      const pixels = Buffer.alloc(width * height, 0x80).toString('latin1');
      add(
        `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray ` +
          `/BitsPerComponent 8 /Length ${pixels.length} >>\nstream\n${pixels}\nendstream`,
      );
      const imageRef = objects.length;
      content = `q 500 0 0 700 50 50 cm /Im1 Do Q`;
      resources = `<< /XObject << /Im1 ${imageRef} 0 R >> >>`;
    }
    add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
    const contentRef = objects.length;
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources ${resources} /Contents ${contentRef} 0 R >>`);
    kids.push(objects.length);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;

  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
