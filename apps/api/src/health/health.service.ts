import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import Redis from 'ioredis';
import { APP_CONFIG, type AppConfig, requireConnections } from '@app/config';
import { WORKER_HEARTBEAT_KEY } from '@app/queue';

export interface HealthReport {
  status: 'ok' | 'down';
  /** This api process: the launcher knows its child by it (an api of an earlier run on the same port is not it). */
  pid: number;
  database: 'up' | 'down';
  redis: 'up' | 'down';
  worker: { status: 'up' | 'down'; lastHeartbeat: string | null; instances: number };
}

@Injectable()
export class HealthService implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(private readonly dataSource: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    this.redis = new Redis(requireConnections(config).redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', () => undefined); // reported through check(), not as unhandled events
  }

  async check(): Promise<HealthReport> {
    const database = await this.dataSource.query('SELECT 1').then(() => 'up' as const, () => 'down' as const);
    let redis: 'up' | 'down' = 'down';
    let beats: string[] = [];
    try {
      if (this.redis.status === 'wait') await this.redis.connect();
      await this.redis.ping();
      redis = 'up';
      const keys = await this.redis.keys(`${WORKER_HEARTBEAT_KEY}:*`);
      beats = keys.length ? ((await this.redis.mget(...keys)).filter(Boolean) as string[]) : [];
    } catch {
      redis = 'down';
    }
    const last = beats.sort().at(-1) ?? null;
    const worker = { status: beats.length ? ('up' as const) : ('down' as const), lastHeartbeat: last, instances: beats.length };
    // The api can serve with the worker down (uploads queue up), so the worker only informs.
    return { status: database === 'up' && redis === 'up' ? 'ok' : 'down', pid: process.pid, database, redis, worker };
  }

  onModuleDestroy() {
    this.redis.disconnect();
  }
}

