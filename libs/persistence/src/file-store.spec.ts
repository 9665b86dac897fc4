import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileStore } from './file-store';

describe('FileStore', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'fz-store-'));
  const store = new FileStore(root);

  it('stores by content: the same bytes twice give one file and the same key', async () => {
    const a = await store.put(Buffer.from('金马镇2023年法治政府建设工作报告'));
    const b = await store.put(Buffer.from('金马镇2023年法治政府建设工作报告'));
    expect(a).toEqual(b);
    expect(a.key).toBe(`${a.sha256.slice(0, 2)}/${a.sha256.slice(2, 4)}/${a.sha256}`);
    expect((await store.get(a.key)).toString()).toBe('金马镇2023年法治政府建设工作报告');
    expect(readdirSync(path.join(root, a.sha256.slice(0, 2), a.sha256.slice(2, 4)))).toEqual([a.sha256]);
  });

  it('refuses keys that would leave the store', () => {
    expect(() => store.pathFor('../../etc/passwd')).toThrow(/escapes/);
    expect(() => store.keyFor('abc')).toThrow(/sha256/);
  });
});
