import { isApiError } from '../../api/client';
import { formatWait } from '@shared/format';

export type SignInMethod = 'password' | 'token';

/** What went wrong with a sign-in, said for a person (and which field to look at). */
export interface SignInProblem {
  message: string;
  /** true when the credentials themselves were refused */
  rejected: boolean;
}

export function describeSignInError(error: unknown, method: SignInMethod): SignInProblem {
  if (!isApiError(error)) {
    return { message: 'Signing in failed unexpectedly. Try again.', rejected: false };
  }
  switch (error.kind) {
    case 'network':
      return {
        message: 'Cannot reach the server. Check your connection and try again.',
        rejected: false,
      };
    case 'timeout':
      return { message: 'The server did not answer in time. Try again.', rejected: false };
    case 'aborted':
      return { message: 'Signing in was cancelled. Try again.', rejected: false };
    case 'validation':
      return {
        message:
          'The server sent an answer the dashboard does not understand, so you are not signed in. Try again later or tell the organisers.',
        rejected: false,
      };
    case 'http':
      break;
  }
  const status = error.status ?? 0;
  if (status === 401 || status === 403) {
    return {
      message:
        method === 'password'
          ? 'Wrong user name or password.'
          : 'This API token is not valid, or it has expired or been revoked.',
      rejected: true,
    };
  }
  if (status === 429) {
    const wait =
      error.retryAfterMs !== undefined
        ? `Wait ${formatWait(error.retryAfterMs)}, then try again.`
        : (error.detail ?? 'Wait a moment, then try again.');
    return { message: `Too many sign-in attempts. ${wait}`, rejected: false };
  }
  if (status >= 500) {
    // The platform's own reason (e.g. its disk is full) says more than a status;
    // a bare "Internal Server Error" says nothing.
    const reason = error.detail && error.detail !== 'Internal Server Error' ? error.detail : '';
    return {
      message: reason
        ? `The server had a problem (${status}): ${reason}`
        : `The server had a problem (${status}). Try again in a moment.`,
      rejected: false,
    };
  }
  return {
    message: error.detail ?? `Signing in failed (${status}).`,
    rejected: status === 400 || status === 422,
  };
}
