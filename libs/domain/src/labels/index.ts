export * from './status-labels';
