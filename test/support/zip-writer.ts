import { crc32 } from 'node:zlib';

export interface ZipEntryInput {
  /** The stored name: a string is written as UTF-8 with the UTF-8 flag; a Buffer as is, without the flag (a legacy
   * code page, like an archive made on Chinese Windows). */
  name: string | Buffer;
  data: Buffer;
  /** Extra fields for the central directory and local header (e.g. an Info-ZIP Unicode Path field). */
  extra?: Buffer;
}

/**
 * A stored (uncompressed) zip with exact control over names and flags, for tests of the import archive reader; the
 * archivers in node_modules always write UTF-8 names.
 */
export function writeZip(entries: ZipEntryInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name;
    const flags = typeof e.name === 'string' ? 0x800 : 0;
    const extra = e.extra ?? Buffer.alloc(0);
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, extra, e.data);
    centrals.push(central, name, extra);
    offset += 30 + name.length + extra.length + e.data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** An Info-ZIP Unicode Path extra field (0x7075) carrying the UTF-8 form of a legacy-encoded name. */
export function unicodePathField(legacyName: Buffer, name: string): Buffer {
  const utf8 = Buffer.from(name, 'utf8');
  const head = Buffer.alloc(9);
  head.writeUInt16LE(0x7075, 0);
  head.writeUInt16LE(5 + utf8.length, 2);
  head.writeUInt8(1, 4);
  head.writeUInt32LE(crc32(legacyName), 5);
  return Buffer.concat([head, utf8]);
}
