import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Uploaded files, stored content-addressed by sha256 (`ab/cd/abcd…`). Writing goes through a temp file and a rename,
 * so a crash never leaves a half-written file under its final name, and the same bytes are stored once.
 */
export class FileStore {
  constructor(readonly rootDir: string) {}

  static sha256(bytes: Uint8Array): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  keyFor(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256 hex digest: ${sha256}`);
    return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  }

  pathFor(key: string): string {
    const resolved = path.resolve(this.rootDir, key);
    if (!resolved.startsWith(path.resolve(this.rootDir) + path.sep)) throw new Error(`storage key escapes the store: ${key}`);
    return resolved;
  }

  /** Stores the bytes and returns their sha256 and storage key. */
  async put(bytes: Uint8Array): Promise<{ sha256: string; key: string }> {
    const sha256 = FileStore.sha256(bytes);
    const key = this.keyFor(sha256);
    const target = this.pathFor(key);
    if (await this.exists(key)) return { sha256, key };
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, target);
    return { sha256, key };
  }

  async get(key: string): Promise<Buffer> {
    return fs.readFile(this.pathFor(key));
  }

  async exists(key: string): Promise<boolean> {
    return fs.stat(this.pathFor(key)).then(() => true, () => false);
  }

  /** Removes a stored file; used only to undo a put whose database row could not be written. */
  async remove(key: string): Promise<void> {
    await fs.rm(this.pathFor(key), { force: true });
  }
}
