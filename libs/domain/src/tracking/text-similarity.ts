// Character-bigram overlap for Chinese text: robust to small rewordings ("仍不到位" / "不到位") without a tokenizer.

const NOISE = /[\s\p{P}\p{S}0-9０-９a-zA-Z]/gu;

export function bigrams(text: string): Map<string, number> {
  const chars = Array.from(text.replace(NOISE, ''));
  const grams = new Map<string, number>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i] + chars[i + 1];
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

/** Dice coefficient over character bigrams (multiset), 0–1. */
export function bigramSimilarity(a: string, b: string): number {
  const ga = bigrams(a);
  const gb = bigrams(b);
  let total = 0;
  let shared = 0;
  for (const n of ga.values()) total += n;
  for (const n of gb.values()) total += n;
  if (total === 0) return 0;
  for (const [g, n] of ga) shared += Math.min(n, gb.get(g) ?? 0);
  return (2 * shared) / total;
}

/** The share of a's bigrams found in b: how much of a short problem statement a longer sentence repeats. */
export function bigramContainment(a: string, b: string): number {
  const ga = bigrams(a);
  const gb = bigrams(b);
  let total = 0;
  let shared = 0;
  for (const [g, n] of ga) {
    total += n;
    shared += Math.min(n, gb.get(g) ?? 0);
  }
  return total === 0 ? 0 : shared / total;
}

/** Sentences (split on 。！？；and line breaks), trimmed, non-empty. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/[。！？；\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
