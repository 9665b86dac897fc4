export * from './entities';
export * from './data-source';
export * from './run-migrations';
export * from './file-store';
export * from './persistence.module';
export * from './seeding';
export * from './advisory-locks';
export * from './recompute-requests';
