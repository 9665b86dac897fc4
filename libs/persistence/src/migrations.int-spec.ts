import { DataSource } from 'typeorm';
import { Client } from 'pg';
import { createDataSource, runMigrations } from '@app/persistence';
import { openTestDataSource } from '../../../test/support/test-db';
import { databaseUrlFor, TEST_PG_ADMIN_URL, newRunId } from '../../../test/support/test-env';

describe('migrations', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDataSource();
  });
  afterAll(async () => {
    await ds.destroy();
  });

  it('build a schema that matches the entities exactly (nothing left for synchronize to do)', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('are all applied and a second run applies nothing', async () => {
    expect(await ds.showMigrations()).toBe(false);
    expect(await runMigrations(ds)).toEqual([]);
  });

  it('migrate an empty database up and all the way down again', async () => {
    const name = `fz_test_updown_${newRunId()}`;
    const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const fresh = createDataSource(databaseUrlFor(name));
    try {
      await fresh.initialize();
      const applied = await runMigrations(fresh);
      expect(applied.length).toBe(fresh.migrations.length);
      for (let i = 0; i < applied.length; i++) await fresh.undoLastMigration();
      const tables = await fresh.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`);
      expect(tables).toEqual([]);
    } finally {
      await fresh.destroy().catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
    // Every migration up and down on a fresh database: about 4 s alone, more on a loaded machine.
  }, 30_000);

  it('refuses an auditor without a county (role and scope must match)', async () => {
    await expect(
      ds.query(`INSERT INTO users (username, password_hash, role) VALUES ('x', 'h', 'auditor')`),
    ).rejects.toThrow(/users_scope_matches_role/);
  });
});
