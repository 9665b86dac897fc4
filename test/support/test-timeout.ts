// Integration and e2e tests: 30 s a test or hook instead of jest's 5 s. Hooks and tests that start a worker or the
// api, or analyse a few reports, take seconds on a loaded machine; a hung test still fails. (jest-circus reads only
// the global `testTimeout`, never a project's, so the tiers set theirs here.)
jest.setTimeout(30_000);
