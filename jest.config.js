// One jest config, three tiers told apart by file name:
//   *.spec.ts        unit (pure, next to the code)
//   *.int-spec.ts    integration (real PostgreSQL + Redis, real migrations)
//   *.e2e-spec.ts    end-to-end through HTTP (supertest)
const swc = JSON.parse(require('fs').readFileSync(__dirname + '/.swcrc', 'utf8'));
const moduleNameMapper = {
  '^@app/(config|domain|persistence|queue|report-analyzer)(|/.*)$': '<rootDir>/libs/$1/src$2',
};
const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/data/'],
};
module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts,test}/**/*.spec.ts'] },
    // Hooks and tests that start a worker or the api take seconds on a loaded machine: test/support/test-timeout.ts
    // gives them 30 s instead of jest's 5 s (a project's `testTimeout` is ignored by jest-circus).
    { ...base, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs,scripts,test}/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/test-timeout.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts', globalTeardown: '<rootDir>/test/global-teardown.ts' },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/{apps,test}/**/*.e2e-spec.ts'],
      // Fails any e2e test whose api error responses carry English text (issue 14: every message is Chinese).
      setupFilesAfterEnv: ['<rootDir>/test/support/test-timeout.ts', '<rootDir>/test/support/chinese-errors.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts', globalTeardown: '<rootDir>/test/global-teardown.ts' },
  ],
};
