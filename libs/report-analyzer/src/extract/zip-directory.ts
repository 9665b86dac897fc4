// Synchronous listing of a zip's entry names from its central directory, for cheap format sniffing (a docx is a zip
// holding word/…). Reads only the end of central directory record and the directory itself, never entry data.
// Full validation (sizes, truncation, zip bombs) happens in docx-to-text.ts with yauzl.

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_ENTRY_SIGNATURE = 0x02014b50;
const EOCD_MIN_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** Entry names, or undefined when the central directory cannot be found or read (truncated or not a zip). */
export function readZipEntryNames(bytes: Uint8Array, maxEntries = 65535): string[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEocd(view);
  if (eocd === undefined) return undefined;
  const entryCount = view.getUint16(eocd + 10, true);
  const dirSize = view.getUint32(eocd + 12, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  // ZIP64 markers: a docx never needs them; leave such files to the full reader.
  if (entryCount === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) return undefined;
  if (dirOffset + dirSize > eocd) return undefined;
  const names: string[] = [];
  const decoder = new TextDecoder('utf-8');
  let p = dirOffset;
  for (let i = 0; i < Math.min(entryCount, maxEntries); i++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== CENTRAL_ENTRY_SIGNATURE) return undefined;
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    if (p + 46 + nameLength > eocd) return undefined;
    names.push(decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength)));
    p += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

function findEocd(view: DataView): number | undefined {
  const last = view.byteLength - EOCD_MIN_SIZE;
  const first = Math.max(0, last - MAX_COMMENT);
  for (let p = last; p >= first; p--) {
    const commentLength = () => view.getUint16(p + 20, true);
    if (view.getUint32(p, true) === EOCD_SIGNATURE && p + EOCD_MIN_SIZE + commentLength() <= view.byteLength) return p;
  }
  return undefined;
}
