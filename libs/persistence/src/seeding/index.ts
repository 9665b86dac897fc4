export * from './template-store';
export * from './seed-files';
export * from './seed-reference-data';
