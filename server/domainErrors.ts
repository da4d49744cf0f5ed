/**
 * What the platform refuses, in its own terms. The lifecycle (and any other
 * code below the HTTP half) throws these; `server/http` maps each kind to a
 * status code, so the arrows run one way: http → lifecycle, never back.
 */
export type DomainErrorKind =
  /** the team already runs a live instance of this challenge */
  | 'already-running'
  /** the team runs as many live instances as it may */
  | 'quota-reached';

export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly kind: DomainErrorKind,
    /** a sentence for the player, sent as the `detail` */
    message: string,
  ) {
    super(message);
  }
}
