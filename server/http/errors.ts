/**
 * FastAPI-style errors: `{"detail": "text"}`, or for invalid input 422
 * `{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}`.
 */
import { z } from 'zod';
import type { DomainErrorKind } from '../domainErrors';

/** The status code of each refusal the lifecycle (or the store) throws as a `DomainError`. */
export const DOMAIN_ERROR_STATUS: Record<DomainErrorKind, number> = {
  'already-running': 409,
  'quota-reached': 429,
};

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly detail: string | ValidationIssue[],
  ) {
    super(typeof detail === 'string' ? detail : 'Validation error');
    this.name = 'HttpError';
  }
}

export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export function notFound(detail: string): HttpError {
  return new HttpError(404, detail);
}

/** Parses `input` with `schema`, or throws 422 naming where (`body`, `query`, `path`). */
export function parseInput<S extends z.core.$ZodType>(
  schema: S,
  input: unknown,
  where: 'body' | 'query' | 'path',
): z.output<S> {
  const result = z.safeParse(schema, input ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    loc: [where, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))],
    msg:
      input == null && where === 'body'
        ? 'A JSON body is required'
        : issue.code === 'invalid_type' && issue.message.includes('received undefined')
          ? 'Field required'
          : issue.message,
    type: issue.code,
  }));
  throw new HttpError(422, issues);
}

export function validationError(where: 'body' | 'query' | 'path', field: string, msg: string) {
  return new HttpError(422, [{ loc: [where, field], msg, type: 'value_error' }]);
}
