import { Logger } from '@nestjs/common';
import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';

/**
 * A WorkerHost that owns its worker's 'error' events: without a listener BullMQ prints every one with its stack
 * (hundreds of lines while Redis is away or after it lost a running job's keys). One line each instead; the
 * database row still says what has to happen, and the sweeper acts on it.
 */
export abstract class ProcessorHost extends WorkerHost {
  private readonly errorLogger = new Logger(this.constructor.name);
  private lastError = '';

  @OnWorkerEvent('error')
  onWorkerError(error: Error) {
    const message = error.message.replace(/ for job \S+/, ' for a job');
    // Connection errors repeat while Redis is away; one line per distinct message.
    if (message === this.lastError) return;
    this.lastError = message;
    this.errorLogger.warn(`queue: ${error.message}`);
  }
}
