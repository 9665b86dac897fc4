export * from './status-labels';
export * from './audit-labels';
