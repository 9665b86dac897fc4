// Pure: how the report text is cut into pieces for marking quotes (no React, tested on its own).

export interface Range {
  start: number;
  end: number;
  evidenceId: string;
  label: string;
}

/** Splits the text at every quote boundary; each piece knows which quotes cover it. */
export function segment(text: string, ranges: Range[]): { text: string; covering: Range[] }[] {
  const cuts = new Set<number>([0, text.length]);
  for (const r of ranges) {
    cuts.add(Math.max(0, Math.min(text.length, r.start)));
    cuts.add(Math.max(0, Math.min(text.length, r.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: { text: string; covering: Range[] }[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    if (a === b) continue;
    out.push({ text: text.slice(a, b), covering: ranges.filter((r) => r.start <= a && r.end >= b) });
  }
  return out;
}

