import { crc32 } from 'node:zlib';
import { buildZip, type ZipEntrySpec } from '../../libs/report-analyzer/test-fixtures/build-zip';

/** A string name is stored as UTF-8 with the UTF-8 flag; a Buffer as is, without the flag (a legacy code page). */
export type ZipEntryInput = Pick<ZipEntrySpec, 'extra'> & { name: string | Buffer; data: Buffer };

/**
 * A stored (uncompressed) zip with exact control over names and flags, for tests of the import archive reader (the
 * archivers in node_modules always write UTF-8 names): the analyzer's test zip writer with every entry stored.
 */
export function writeZip(entries: ZipEntryInput[]): Buffer {
  return buildZip(
    entries.map(({ name, ...e }) => ({ ...e, method: 'store', ...(typeof name === 'string' ? { name } : { name: '', legacyName: name }) })),
  );
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
