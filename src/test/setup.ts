import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';

// findBy*/waitFor wait for a state, not for a time: on a busy machine a lazy
// page's first import or a render can take seconds, so they wait up to 10 s
// (the default 1 s failed `App.test.tsx` under load). Tests that must see
// something *not* happen use a gate or a sentinel, never a sleep.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
  localStorage.clear();
  sessionStorage.clear();
});
