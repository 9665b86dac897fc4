import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig, requireConnections } from '@app/config';
import { dataSourceOptions } from './data-source';
import { ENTITIES } from './entities';
import { FileStore } from './file-store';

/** TypeORM on the one data source, every entity's repository, and the file store, for api and worker alike. */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => dataSourceOptions(requireConnections(config).databaseUrl),
        }),
        TypeOrmModule.forFeature(ENTITIES),
      ],
      providers: [{ provide: FileStore, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new FileStore(c.fileStorageDir) }],
      exports: [TypeOrmModule, FileStore],
    };
  }
}
