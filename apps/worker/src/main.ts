import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@app/config';
import { WorkerModule } from './worker.module';

async function bootstrap() {
  const config = loadConfigOrExit();
  // An application context, not an HTTP server: the worker only runs BullMQ processors.
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();
  Logger.log('worker started', 'Bootstrap');
}

void bootstrap();
