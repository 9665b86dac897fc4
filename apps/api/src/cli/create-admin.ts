/**
 * `npm run create-admin -- --username NAME [--password-stdin]`: the first admin of a deployment (outside demo mode
 * there is no default account). Plain script, no Nest: migrate if needed, hash, insert, say what happened.
 * Without --password-stdin a strong password is generated and printed once.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { loadConfigOrExit } from '@app/config';
import { createDataSource, runMigrations } from '@app/persistence';
import { passwordProblem } from '../auth/password-policy';
import { createAdminAccount } from './admin-account';
import { USERNAME_PATTERN } from '../users/dto/user.dto';

function fail(message: string): never {
  console.error(`create-admin: ${message}`);
  process.exit(1);
}

function parseArgs(argv: string[]): { username: string; passwordFromStdin: boolean } {
  let username: string | undefined;
  let passwordFromStdin = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--username') username = argv[++i];
    else if (arg.startsWith('--username=')) username = arg.slice('--username='.length);
    else if (arg === '--password-stdin') passwordFromStdin = true;
    else fail(`unknown argument ${arg}\nusage: npm run create-admin -- --username NAME [--password-stdin]`);
  }
  if (!username) fail('missing --username NAME\nusage: npm run create-admin -- --username NAME [--password-stdin]');
  username = username.trim().toLowerCase();
  if (!USERNAME_PATTERN.test(username)) fail('the username must be 2–64 characters: lower-case letters, digits, _ . -');
  return { username, passwordFromStdin };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function main() {
  const { username, passwordFromStdin } = parseArgs(process.argv.slice(2));
  const config = loadConfigOrExit();
  let password: string;
  if (passwordFromStdin) {
    password = await readStdin();
    const problem = passwordProblem(password, { username });
    if (problem) fail(`the password read from stdin is refused: ${problem}`);
  } else {
    password = randomBytes(12).toString('base64url');
  }
  if (!config.databaseUrl) fail('DATABASE_URL must be set (the PostgreSQL the api uses)');
  const ds = createDataSource(config.databaseUrl, { logging: false });
  await ds.initialize();
  try {
    await runMigrations(ds);
    if (!(await createAdminAccount(ds, username, password))) fail(`a user named "${username}" already exists; nothing changed`);
  } finally {
    await ds.destroy();
  }
  console.log(`create-admin: created admin "${username}".`);
  if (!passwordFromStdin) console.log(`create-admin: generated password (shown once, change it after logging in): ${password}`);
}

main().catch((e) => fail((e as Error).message));
