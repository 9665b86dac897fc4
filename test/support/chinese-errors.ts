// Loaded after the test framework in the e2e tier (jest.config.js setupFilesAfterEnv): every response supertest
// receives is recorded, and after each test every api error body among them is scanned for English text. A test
// that provoked an English error message fails, naming the request and the words.
import { Test } from 'supertest';
import { englishInErrorBody } from './english-text';

interface Seen {
  method: string;
  url: string;
  status: number;
  body: unknown;
}

const seen: Seen[] = [];
const proto = Test.prototype as unknown as { assert(resError: unknown, res: any, fn: unknown): unknown; __fazhiRecorded?: boolean };
if (!proto.__fazhiRecorded) {
  const assert = proto.assert;
  proto.assert = function (this: any, resError: unknown, res: any, fn: unknown) {
    if (res && res.status >= 400) seen.push({ method: this.method, url: this.url, status: res.status, body: res.body });
    return assert.call(this, resError, res, fn);
  };
  proto.__fazhiRecorded = true;
}

afterEach(() => {
  const problems = seen.flatMap((r) => englishInErrorBody(r.body).map((p) => `${r.method} ${r.url} → ${r.status}: ${p}`));
  seen.length = 0;
  if (problems.length) throw new Error(`api error messages a person would read in English:\n  ${problems.join('\n  ')}`);
});
