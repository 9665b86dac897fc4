import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';

export interface EmbeddedRedis {
  url: string;
  stop(): Promise<void>;
}

const CANDIDATE_DIRS = ['/usr/bin', '/usr/local/bin', '/usr/sbin', '/opt/homebrew/bin', '/snap/bin'];

export function findRedisServer(): string | null {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...CANDIDATE_DIRS].filter(Boolean);
  for (const dir of dirs) {
    const bin = path.join(dir, 'redis-server');
    try {
      accessSync(bin, constants.X_OK);
      return bin;
    } catch {
      /* not here */
    }
  }
  return null;
}

export class RedisBinaryMissingError extends Error {
  constructor() {
    super(
      'No redis-server binary found on this machine.\n' +
        '  Install one (Debian/Ubuntu: `apt-get install redis-server`; macOS: `brew install redis`),\n' +
        '  or point the system at a running Redis with REDIS_URL=redis://host:6379.',
    );
    this.name = 'RedisBinaryMissingError';
  }
}

/**
 * A private redis-server through redis-memory-server, using the machine's own binary (no download). Queue state is
 * rebuilt from PostgreSQL by the worker's sweeper, so an in-memory Redis loses nothing that matters.
 */
export async function startEmbeddedRedis(): Promise<EmbeddedRedis> {
  const systemBinary = findRedisServer();
  if (!systemBinary) throw new RedisBinaryMissingError();
  const { RedisMemoryServer } = await import('redis-memory-server');
  const server = new RedisMemoryServer({ binary: { systemBinary } });
  const host = await server.getHost();
  const port = await server.getPort();
  return { url: `redis://${host}:${port}`, stop: async () => void (await server.stop()) };
}
