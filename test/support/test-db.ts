import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createDataSource } from '@app/persistence';

/** A connection to this run's migrated database (made by test/global-setup.ts). */
export async function openTestDataSource(): Promise<DataSource> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run integration tests through jest (global setup)');
  const ds = createDataSource(url, { logging: false });
  await ds.initialize();
  return ds;
}

/** Empties every domain table (integration specs run one file at a time, in band). */
export async function truncateAll(ds: DataSource): Promise<void> {
  const tables = ds.entityMetadatas.map((m) => `"${m.tableName}"`).join(', ');
  await ds.query(`TRUNCATE ${tables} RESTART IDENTITY CASCADE`);
}
