import { DataSource } from 'typeorm';
import { County, readInOneSnapshot } from '@app/persistence';
import { openTestDataSource, truncateAll } from '../../../test/support/test-db';

describe('readInOneSnapshot', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDataSource();
    await truncateAll(ds);
  });
  afterAll(() => ds.destroy());

  it('sees every read as of the first, though a writer commits in between, and refuses to write', async () => {
    const county = await ds.getRepository(County).save({ code: 'snap', name: '快照县' });
    const nameOf = async (m: DataSource['manager']) => (await m.findOneByOrFail(County, { id: county.id })).name;
    const seen = await readInOneSnapshot(ds, async (m) => {
      const first = await nameOf(m);
      // Another connection commits a change between the two reads.
      await ds.getRepository(County).update({ id: county.id }, { name: '改名县' });
      return [first, await nameOf(m), await nameOf(ds.manager)];
    });
    expect(seen).toEqual(['快照县', '快照县', '改名县']);
    await expect(readInOneSnapshot(ds, (m) => m.update(County, { id: county.id }, { name: '写入县' }))).rejects.toThrow(/read-only transaction/);
    expect(await nameOf(ds.manager)).toBe('改名县');
  });
});
