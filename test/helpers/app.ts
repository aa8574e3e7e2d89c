/**
 * One test app per test file, over its own copy of the sample database: opened before the file's first test,
 * closed after its last. Both hooks are registered at the file's top level, where vitest runs them.
 */
import { afterAll, beforeAll } from 'vitest';
import { as, openTestApp, type TestApp } from '../api/fixture.js';

/** The file's test app (read `app.t` inside tests and hooks), with a GET as a role (planner unless told). */
export function fileTestApp(options?: Parameters<typeof openTestApp>[0]) {
  let t: TestApp | undefined;
  beforeAll(async () => {
    t = await openTestApp(options);
  });
  afterAll(() => t?.close());
  const handle = {
    get t(): TestApp {
      if (!t) throw new Error('the test app is opened in beforeAll: use it inside tests and hooks');
      return t;
    },
    get: (url: string, headers: Record<string, string> = as('planner')) => handle.t.app.inject({ method: 'GET', url, headers }),
  };
  return handle;
}

/** Parses a JSON payload (an array of rows unless told). */
export const json = <T = Record<string, unknown>[]>(payload: string) => JSON.parse(payload) as T;
