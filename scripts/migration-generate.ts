/**
 * `npm run migration:generate -- <Name>`: migrates a scratch database to the current state, diffs it against the
 * entities, and writes the difference as a new migration file to review and add to migrations/index.ts.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '@app/persistence/data-source';
import { runMigrations } from '@app/persistence/run-migrations';

async function main() {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('usage: npm run migration:generate -- PascalCaseName');
  const adminUrl = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const scratch = `fz_migration_gen_${Date.now()}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${scratch}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${scratch}`;
  const ds = createDataSource(url.toString());
  try {
    await ds.initialize();
    await runMigrations(ds);
    const log = await ds.driver.createSchemaBuilder().log();
    if (!log.upQueries.length) {
      console.log('entities and migrations already match: nothing to generate');
      return;
    }
    const stamp = Date.now();
    const esc = (q: string) => q.replace(/\\/g, '\\\\').replace(/`/g, '\\`');
    const up = log.upQueries.map((q) => `    await queryRunner.query(\`${esc(q.query)}\`);`).join('\n');
    const down = [...log.downQueries].reverse().map((q) => `    await queryRunner.query(\`${esc(q.query)}\`);`).join('\n');
    const file = path.join(__dirname, '..', 'libs', 'persistence', 'src', 'migrations', `${stamp}-${name.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase())}.ts`);
    writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${name}${stamp} implements MigrationInterface {\n  name = '${name}${stamp}';\n\n  public async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n  public async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
    );
    console.log(`wrote ${path.relative(process.cwd(), file)}: review it, then add ${name}${stamp} to migrations/index.ts`);
  } finally {
    await ds.destroy().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
