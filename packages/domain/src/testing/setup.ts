import { afterEach, beforeEach, vi, type MockInstance } from 'vitest';

// A test that logs console.error unexpectedly fails; expectConsoleError() opts one test out.
let spy: MockInstance<typeof console.error>;
let allowed = false;

beforeEach(() => {
  allowed = false;
  spy = vi.spyOn(console, 'error');
});

afterEach(() => {
  const calls = spy.mock.calls;
  spy.mockRestore();
  if (!allowed && calls.length > 0) {
    throw new Error(
      `console.error was called unexpectedly:\n${calls.map((c) => c.join(' ')).join('\n')}`,
    );
  }
});

export function expectConsoleError() {
  allowed = true;
  spy.mockImplementation(() => {});
}
