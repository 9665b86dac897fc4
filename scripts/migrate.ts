/** `npm run migrate`: apply pending migrations to DATABASE_URL (the api also does this at boot). */
import { loadConfigOrExit, requireConnections } from '@app/config';
import { createDataSource } from '@app/persistence/data-source';
import { runMigrations } from '@app/persistence/run-migrations';

async function main() {
  const { databaseUrl } = requireConnections({ ...loadConfigOrExit(), redisUrl: 'redis://unused' });
  const ds = createDataSource(databaseUrl);
  await ds.initialize();
  const applied = await runMigrations(ds);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the schema is up to date');
  await ds.destroy();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
