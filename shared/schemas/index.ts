/**
 * The zod schemas of the ctfy API (the contract is ../shared/API.md beside
 * the repository), one file per resource; import them from here.
 *
 * One source of truth: the SPA validates every response with these, and the
 * local platform in `server/` validates every request body and query with
 * them. Response schemas are tolerant: unknown fields are accepted (and
 * dropped), and every field the SDK does not fix is optional.
 */

export * from './common';
export * from './auth';
export * from './settings';
export * from './challenges';
export * from './instances';
export * from './questions';
export * from './activity';
export * from './attachments';
export * from './errors';
export * from './traffic';
export * from './config';
export * from './trafficFilter';
