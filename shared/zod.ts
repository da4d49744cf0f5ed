import { z } from 'zod';

/**
 * The one `z` of the project's schemas. In a browser (page or worker) the CSP
 * has no 'unsafe-eval': zod's probe for its JIT (`new Function`) would be
 * refused and reported as a violation, so zod runs jitless there. The probe
 * happens when an object schema is built, so this runs before any module that
 * builds one (they all import `z` from here). Node keeps the JIT.
 */
if (typeof (globalThis as { process?: unknown }).process === 'undefined') {
  z.config({ jitless: true });
}

export { z };
