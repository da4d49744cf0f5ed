/**
 * MSW for unit tests: a fake *server* (the `fetch` boundary), never a fake of
 * the code under test. `setupMswServer()` in a test file starts it, fails on
 * any request without a handler, and records every request for assertions.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { setupServer } from 'msw/node';

export const server = setupServer();

/** Requests seen by the fake server in the current test, in order. */
export const seenRequests: Request[] = [];

server.events.on('request:start', ({ request }) => {
  seenRequests.push(request.clone());
});

export function setupMswServer(): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    seenRequests.length = 0;
  });
  afterAll(() => server.close());
}

/** The last request the fake server saw (throws when there was none). */
export function lastRequest(): Request {
  const r = seenRequests.at(-1);
  if (!r) throw new Error('no request was made');
  return r;
}
