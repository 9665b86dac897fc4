import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { AppConfig } from '@app/config';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { mountQueueDashboard } from './common/queue-dashboard';
import { mountWebApp } from './common/web-app';

/** Everything main.ts applies to the app beyond its modules; tests call the same function so they test the same app. */
export function configureApp(app: INestApplication, config: AppConfig): INestApplication {
  app.setGlobalPrefix('api', { exclude: ['health'] });
  // Mounted before helmet: the dashboard serves its own page and scripts under its own admin check.
  mountQueueDashboard(app);
  app.use(helmet());
  app.enableCors({ origin: config.corsOrigins.length ? config.corsOrigins : false, methods: ['GET', 'POST', 'PATCH', 'DELETE'], maxAge: 600 });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new ApiExceptionFilter());
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

