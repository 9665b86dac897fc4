/**
 * `npm run openapi`: writes the api's OpenAPI document (apps/web/src/api/openapi.json) and regenerates the web's
 * client types from it (apps/web/src/api/schema.d.ts). `--check` writes nothing and fails when either is stale
 * (the jest test apps/web/src/api/schema.spec.ts does the same).
 */
import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateOpenApiFiles } from './openapi/generate';

async function main() {
  const check = process.argv.includes('--check');
  const files = await generateOpenApiFiles();
  let stale = 0;
  for (const [file, content] of Object.entries(files)) {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : null;
    if (current === content) continue;
    if (check) {
      console.error(`stale: ${path.relative(process.cwd(), file)} (run npm run openapi)`);
      stale++;
    } else {
      writeFileSync(file, content);
      console.log(`wrote ${path.relative(process.cwd(), file)}`);
    }
  }
  if (stale) process.exit(1);
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
