import { z } from 'zod';

// The page's CSP has no 'unsafe-eval'. zod compiles fast object parsers with
// `new Function` when it may; its probe for that is refused by the CSP and
// reported as a violation (Lighthouse "best practices": issues logged). The
// SPA turns the JIT off before any schema is built: main.tsx imports this first.
z.config({ jitless: true });
