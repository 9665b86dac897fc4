export * from './status-labels';
export * from './audit-labels';
export * from './basis-labels';
