import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@app/config';

// No Docker engine runs here, so the compose file and Dockerfiles are kept honest by reading them.
const root = path.join(__dirname, '..', '..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true });

/** Resolves ${VAR:-default} and ${VAR:?msg} the way compose would with the given variables. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) => {
    if (vars[name]) return vars[name];
    if (op === '?') throw new Error(`${name} is required: ${arg}`);
    return op === '-' ? (arg ?? '') : '';
  });
}

describe('docker-compose.yml', () => {
  it('runs postgres, redis, api and worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'redis', 'worker']);
    expect(compose.services.api.depends_on.postgres.condition).toBe('service_healthy');
    expect(compose.services.api.depends_on.redis.condition).toBe('service_healthy');
    expect(compose.services.worker.depends_on.api.condition).toBe('service_healthy');
  });

  it.each(['api', 'worker'])('gives the %s an environment the config accepts, and refuses to start without JWT_SECRET', (name) => {
    const env = compose.services[name].environment as Record<string, string>;
    const vars = { JWT_SECRET: 'k'.repeat(40) };
    const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(String(v), vars)]));
    const config = loadConfig(resolved);
    expect(config.databaseUrl).toBe('postgres://fazhi:fazhi@postgres:5432/fazhi');
    expect(config.redisUrl).toBe('redis://redis:6379');
    expect(() => Object.values(env).map((v) => interpolate(String(v), {}))).toThrow(/JWT_SECRET is required/);
  });

  it.each(['api', 'worker'])('builds the %s from the Dockerfile, whose sources and entry point exist', (name) => {
    const build = compose.services[name].build;
    const text = readFileSync(path.join(root, build.context, build.dockerfile ?? 'Dockerfile'), 'utf8');
    for (const [, src] of text.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const p of src.split(/\s+/)) expect(existsSync(path.join(root, p))).toBe(true);
    }
    const cmd = JSON.parse(text.match(/^CMD (.+)$/m)![1]) as string[];
    const entry = cmd.join(' ').match(/dist\/(\S+)\.js/)![1].replace('${APP}', build.args.APP);
    expect(existsSync(path.join(root, `${entry}.ts`))).toBe(true);
  });
});
