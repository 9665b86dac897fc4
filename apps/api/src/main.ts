import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfigOrExit } from '@app/config';
import { runMigrations } from '@app/persistence';
import { AppModule } from './app.module';
import { jwtSecretFor } from './auth/jwt-secret';
import { configureApp } from './configure-app';
import { ReferenceDataService } from './setup/reference-data.service';

async function bootstrap() {
  const config = loadConfigOrExit();
  try {
    jwtSecretFor(config);
  } catch (e) {
    console.error(`Invalid configuration:\n  - ${(e as Error).message}`);
    process.exit(1);
  }
  // Nest's own messages wait for the structured logger (nestjs-pino), so every line has one format.
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  configureApp(app, config);
  app.enableShutdownHooks();
  // The api migrates at boot under an advisory lock; the worker never migrates.
  const applied = await runMigrations(app.get(DataSource));
  if (applied.length) Logger.log(`applied migrations: ${applied.join(', ')}`, 'Bootstrap');
  await app.get(ReferenceDataService).seed();
  await app.listen(config.port);
  Logger.log(`api listening on http://localhost:${config.port} (docs at /docs)`, 'Bootstrap');
}

void bootstrap();
