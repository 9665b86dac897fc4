import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@app/config';
import { loggingModule } from '@app/config/logging';
import { PersistenceModule } from '@app/persistence';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ChecklistsModule } from './checklists/checklists.module';
import { CommonModule } from './common/common.module';
import { CountiesModule } from './counties/counties.module';
import { ExportsModule } from './exports/exports.module';
import { FindingsModule } from './findings/findings.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { MatrixModule } from './matrix/matrix.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ReviewModule } from './review/review.module';
import { ReviewRequestsModule } from './review/review-requests.module';
import { SetupModule } from './setup/setup.module';
import { ReportImportsModule } from './report-imports/report-imports.module';
import { SubmissionsModule } from './submissions/submissions.module';
import { TemplatesModule } from './templates/templates.module';
import { TownshipsModule } from './townships/townships.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        loggingModule(config, 'api'),
        PersistenceModule.forRoot(),
        CommonModule,
        JobsModule,
        ReviewRequestsModule,
        HealthModule,
        AuthModule,
        AuditModule,
        CountiesModule,
        TownshipsModule,
        UsersModule,
        TemplatesModule,
        SubmissionsModule,
        ReportImportsModule,
        ChecklistsModule,
        ReviewModule,
        MatrixModule,
        ExportsModule,
        NotificationsModule,
        FindingsModule,
        SetupModule,
      ],
    };
  }
}
