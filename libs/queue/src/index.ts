export * from './queue-names';
export * from './job-payloads';
export * from './job-builders';
export * from './job-options';
export * from './redis-connection';
