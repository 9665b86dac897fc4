import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfigOrExit } from '@app/config';
import { runMigrations } from '@app/persistence';
import { AppModule } from './app.module';

async function bootstrap() {
  const config = loadConfigOrExit();
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();
  // The api migrates at boot under an advisory lock; the worker never migrates.
  const applied = await runMigrations(app.get(DataSource));
  if (applied.length) Logger.log(`applied migrations: ${applied.join(', ')}`, 'Bootstrap');
  await app.listen(config.port);
  Logger.log(`api listening on http://localhost:${config.port}`, 'Bootstrap');
}

void bootstrap();
