import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@app/config';
import { repoRoot } from '@app/persistence/seeding/seed-files';
import { AppModule } from '../../apps/api/src/app.module';
import { buildOpenApiDocument } from '../../apps/api/src/configure-app';

export const WEB_API_DIR = path.join(repoRoot(), 'apps', 'web', 'src', 'api');

/**
 * The api's OpenAPI document, built from the real module graph in Nest's preview mode (controllers and their
 * decorators, no providers instantiated, so no database or Redis), and the web's client types generated from it.
 * Needs decorator metadata: run compiled (npm run openapi) or under jest's swc transform.
 */
export async function generateOpenApiFiles(): Promise<Record<string, string>> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://openapi@127.0.0.1:1/none',
    REDIS_URL: 'redis://127.0.0.1:1',
    JWT_SECRET: 'openapi-document-generation-only-0000000000',
  });
  const app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false, abortOnError: false });
  app.setGlobalPrefix('api', { exclude: ['health'] });
  const document = buildOpenApiDocument(app);
  await app.close();
  const json = JSON.stringify(document, null, 2) + '\n';
  const types = execFileSync(process.execPath, [path.join(repoRoot(), 'scripts', 'openapi', 'types.mjs')], { input: json, encoding: 'utf8' });
  return { [path.join(WEB_API_DIR, 'openapi.json')]: json, [path.join(WEB_API_DIR, 'schema.d.ts')]: types };
}
