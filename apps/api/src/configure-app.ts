import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { AppConfig } from '@app/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { mountQueueDashboard } from './common/queue-dashboard';
import { TextGuardPipe } from './common/text-guard.pipe';
import { validationException } from './common/validation-messages';

/** JSON and form bodies (uploads are multipart and have their own limit, UPLOAD_MAX_BYTES). */
export const JSON_BODY_LIMIT_BYTES = 100 * 1024;
import { mountWebApp } from './common/web-app';

/** Everything main.ts applies to the app beyond its modules; tests call the same function so they test the same app. */
export function configureApp(app: INestApplication, config: AppConfig): INestApplication {
  app.setGlobalPrefix('api', { exclude: ['health'] });
  // Mounted before helmet: the dashboard serves its own page and scripts under its own admin check.
  mountQueueDashboard(app);
  app.use(helmet());
  app.enableCors({ origin: config.corsOrigins.length ? config.corsOrigins : false, methods: ['GET', 'POST', 'PATCH', 'DELETE'], maxAge: 600 });
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: JSON_BODY_LIMIT_BYTES });
  express.useBodyParser('urlencoded', { limit: JSON_BODY_LIMIT_BYTES, extended: true });
  app.useGlobalPipes(
    new TextGuardPipe(),
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, validationError: { target: true, value: false }, exceptionFactory: validationException }),
  );
  app.useGlobalFilters(new ApiExceptionFilter({ uploadMaxBytes: config.uploadMaxBytes, jsonBodyLimitBytes: JSON_BODY_LIMIT_BYTES }));
  mountWebApp(app);
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
  return app;
}

/** The OpenAPI document served at /docs; scripts/openapi.ts writes it out and generates the web's types from it. */
export function buildOpenApiDocument(app: INestApplication) {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Fazhi Checklist API')
      .setDescription('法治政府建设检查清单：乡镇提交年度报告与佐证，县司法局审核、对比、导出。所有错误返回 { error: { code, message, status, details? } }。')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}

