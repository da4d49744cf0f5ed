import * as z from 'zod/mini';

/**
 * The one `z` of the project's schemas: zod/mini (its functional API), so a
 * page and its worker download about a third of what zod classic costs
 * (issue 18). Server-only code may use classic zod; it accepts these schemas
 * (both are zod 4 core schemas).
 *
 * English messages: zod classic sets them with its first schema; zod/mini
 * says only "Invalid input" without a locale, so it is set here (the API
 * client shows these messages for a malformed response, the local platform
 * sends them in its 422s).
 *
 * In a browser (page or worker) the CSP has no 'unsafe-eval': zod's probe
 * for its JIT (`new Function`) would be refused and reported as a violation,
 * so zod runs jitless there. The probe happens when an object schema is
 * built, so this runs before any module that builds one (they all import `z`
 * from here). Node keeps the JIT.
 */
z.config(z.locales.en());
if (typeof (globalThis as { process?: unknown }).process === 'undefined') {
  z.config({ jitless: true });
}

/**
 * `schema` with `meta` (a description, `x-ctfy-extension`…) for
 * `z.toJSONSchema`, as classic zod's `.meta()` and `.describe()`: a copy
 * carries it, so a shared schema (a timestamp) stays unmarked elsewhere.
 */
export function withMeta<T extends z.ZodMiniType>(schema: T, meta: z.core.GlobalMeta): T {
  const copy = schema.clone();
  z.globalRegistry.add(copy, meta);
  return copy;
}

export { z };
