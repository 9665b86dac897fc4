// A template threshold's basis carries the research catalogue's source tags ([V] seen in a public text, [R] from
// knowledge of the national text but not confirmed, [L] a local rule): they read as Chinese words on screen.

export const SOURCE_TAG_ZH = { V: '已见公开文本', R: '未经核实', L: '地方规定' } as const;

/** The basis as a person reads it: each [V]/[R]/[L] tag in words, and no word said twice. */
export function readableBasis(basis: string): string {
  return basis
    .replace(/\[R\]，未在公开网页核实/g, SOURCE_TAG_ZH.R)
    .replace(/\[([VRL])\]/g, (_, tag: keyof typeof SOURCE_TAG_ZH) => SOURCE_TAG_ZH[tag]);
}
