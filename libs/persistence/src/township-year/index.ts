// Township-year queries, one home for the api and the worker: which documents count, which template a county's
// year uses, and how a checklist comes into being.
export * from './template-lookup';
export * from './current-documents';
export * from './checklist-creation';
