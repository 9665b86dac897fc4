import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@app/config';
import { WorkerModule } from './worker.module';

async function bootstrap() {
  const config = loadConfigOrExit();
  // An application context, not an HTTP server: the worker only runs BullMQ processors.
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  app.enableShutdownHooks();
  Logger.log('worker started', 'Bootstrap');
}

void bootstrap();
