import type { ReadinessView } from './useInstanceReadiness';

/**
 * The sentence screen readers hear. It changes only when the view or the
 * phase changes, never with the ticking clock, so a polite live region
 * announces each step once.
 */
export function announcement(
  view: ReadinessView,
  phase: string | null | undefined,
  challengeId: string | undefined,
  /** How it ended, in the instance header's words (`endedWording`), once it did. */
  endedTitle?: string,
): string {
  const name = challengeId ?? 'The instance';
  switch (view) {
    case 'loading':
      return '';
    case 'settling':
      return phase ? `Starting: ${phase}` : 'Starting';
    case 'slow':
      return 'Still starting, taking longer than usual';
    case 'reconnecting':
      return 'Connection to the platform lost, reconnecting';
    case 'ready':
      return `${name} is ready`;
    case 'failed':
      return endedTitle ? `${name}: ${endedTitle}` : `${name} failed to start`;
    case 'ended':
      return endedTitle ? `${name}: ${endedTitle}` : `${name} is no longer running`;
    case 'gone':
      return 'This instance no longer exists';
    case 'error':
      return 'Could not load the instance status';
  }
}
