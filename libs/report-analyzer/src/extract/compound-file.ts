// Reads the directory of an OLE2 compound file ([MS-CFB]): the container of Word 97 .doc, WPS .wps, Excel .xls,
// PowerPoint .ppt and of password-protected Office 2007+ files. Only stream names (and the first bytes of one
// stream) are needed, to tell what the file is before a parser sees it. Every offset is bounds-checked and every
// chain walk is capped, so a crafted header cannot loop or read out of range; anything inconsistent is `undefined`.

export const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;

const END_OF_CHAIN = 0xfffffffe;
const MAX_REGULAR_SECTOR = 0xfffffffa;
const DIR_ENTRY_SIZE = 128;
const HEADER_DIFAT_ENTRIES = 109;
const MAX_DIRECTORY_ENTRIES = 50_000;

export interface CompoundEntry {
  name: string;
  /** 1 storage, 2 stream, 5 root. */
  type: number;
  startSector: number;
  size: number;
}

export interface CompoundFile {
  entries: CompoundEntry[];
  /** The first `n` bytes of a stream stored in regular sectors (≥ 4096 bytes), or undefined. */
  head(entry: CompoundEntry, n: number): Uint8Array | undefined;
}

export function isCompoundFile(bytes: Uint8Array): boolean {
  return bytes.length >= 512 && CFB_SIGNATURE.every((b, i) => bytes[i] === b);
}

export function readCompoundFile(bytes: Uint8Array): CompoundFile | undefined {
  if (!isCompoundFile(bytes)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shift = view.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) return undefined;
  const sectorSize = 1 << shift;
  const sectorOffset = (s: number) => (s + 1) * sectorSize;
  const sectorCount = Math.floor(bytes.length / sectorSize) - 1;
  const validSector = (s: number) => s <= MAX_REGULAR_SECTOR && s < sectorCount;

  // The FAT's sectors: 109 listed in the header, the rest in a DIFAT chain.
  const fatSectors: number[] = [];
  for (let i = 0; i < HEADER_DIFAT_ENTRIES; i++) {
    const s = view.getUint32(0x4c + i * 4, true);
    if (validSector(s)) fatSectors.push(s);
  }
  let difat = view.getUint32(0x44, true);
  for (let guard = 0; validSector(difat) && guard < sectorCount; guard++) {
    const base = sectorOffset(difat);
    const perSector = sectorSize / 4 - 1;
    for (let i = 0; i < perSector; i++) {
      const s = view.getUint32(base + i * 4, true);
      if (validSector(s)) fatSectors.push(s);
    }
    difat = view.getUint32(base + perSector * 4, true);
  }
  const next = (s: number): number => {
    const perSector = sectorSize / 4;
    const fatSector = fatSectors[Math.floor(s / perSector)];
    if (fatSector === undefined) return END_OF_CHAIN;
    return view.getUint32(sectorOffset(fatSector) + (s % perSector) * 4, true);
  };

  const entries: CompoundEntry[] = [];
  let dirSector = view.getUint32(0x30, true);
  for (let guard = 0; validSector(dirSector) && guard < sectorCount; guard++) {
    const base = sectorOffset(dirSector);
    for (let off = 0; off + DIR_ENTRY_SIZE <= sectorSize; off += DIR_ENTRY_SIZE) {
      const p = base + off;
      const nameLength = view.getUint16(p + 0x40, true);
      const type = bytes[p + 0x42];
      if (type === 0 || nameLength < 2 || nameLength > 64) continue;
      let name = '';
      for (let i = 0; i < nameLength / 2 - 1; i++) name += String.fromCharCode(view.getUint16(p + i * 2, true));
      entries.push({ name, type, startSector: view.getUint32(p + 0x74, true), size: view.getUint32(p + 0x78, true) });
      if (entries.length > MAX_DIRECTORY_ENTRIES) return undefined;
    }
    dirSector = next(dirSector);
  }
  if (!entries.some((e) => e.type === 5)) return undefined;

  return {
    entries,
    head(entry, n) {
      if (entry.size < 4096 || !validSector(entry.startSector)) return undefined;
      const start = sectorOffset(entry.startSector);
      const len = Math.min(n, sectorSize, entry.size);
      return start + len <= bytes.length ? bytes.subarray(start, start + len) : undefined;
    },
  };
}

export type CompoundKind =
  | 'word97' // WordDocument stream: Word 97–2003 .doc, and WPS Office .wps (WPS writes the same binary format)
  | 'word97-encrypted'
  | 'ooxml-encrypted' // a password-protected .docx/.xlsx/.pptx (EncryptionInfo + EncryptedPackage)
  | 'excel'
  | 'powerpoint'
  | 'works' // Microsoft Works word processor .wps (CONTENTS stream): another format despite the extension
  | 'other';

export function classifyCompoundFile(cfb: CompoundFile): CompoundKind {
  const has = (name: string) => cfb.entries.some((e) => e.type !== 1 && e.name.toLowerCase() === name.toLowerCase());
  if (has('EncryptedPackage') || has('EncryptionInfo')) return 'ooxml-encrypted';
  const word = cfb.entries.find((e) => e.type === 2 && e.name === 'WordDocument');
  if (word) {
    // FIB: wIdent 0xA5EC, then nFib; flags at 0x0A, fEncrypted is bit 8 (0x0100).
    const fib = cfb.head(word, 16);
    if (fib && fib.length >= 12 && (fib[0x0b] & 0x01) !== 0) return 'word97-encrypted';
    return 'word97';
  }
  if (has('Workbook') || has('Book')) return 'excel';
  if (has('PowerPoint Document')) return 'powerpoint';
  if (has('CONTENTS')) return 'works';
  return 'other';
}
