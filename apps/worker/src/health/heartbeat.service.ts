import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { hostname } from 'node:os';
import { APP_CONFIG, type AppConfig, requireConnections } from '@app/config';
import { WORKER_HEARTBEAT_KEY, WORKER_HEARTBEAT_TTL_SECONDS } from '@app/queue';

/** The worker serves no HTTP; its health signal is a heartbeat key in Redis that expires if the process dies. */
@Injectable()
export class HeartbeatService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HeartbeatService.name);
  private readonly redis: Redis;
  private timer?: NodeJS.Timeout;
  readonly instanceId = `${hostname()}:${process.pid}`;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = new Redis(requireConnections(config).redisUrl, { maxRetriesPerRequest: 1 });
    this.redis.on('error', (e) => this.logger.warn(`redis: ${e.message}`));
  }

  async beat(): Promise<void> {
    await this.redis.set(`${WORKER_HEARTBEAT_KEY}:${this.instanceId}`, new Date().toISOString(), 'EX', WORKER_HEARTBEAT_TTL_SECONDS);
  }

  async onApplicationBootstrap() {
    await this.beat().catch(() => undefined);
    this.timer = setInterval(() => void this.beat().catch(() => undefined), (WORKER_HEARTBEAT_TTL_SECONDS * 1000) / 3);
    this.timer.unref();
  }

  async onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
    await this.redis.del(`${WORKER_HEARTBEAT_KEY}:${this.instanceId}`).catch(() => undefined);
    this.redis.disconnect();
  }
}
