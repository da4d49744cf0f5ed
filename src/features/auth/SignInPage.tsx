import { useState } from 'react';
import { sessionEndReason, type SessionEndReason } from '../../lib/session';
import { PasswordSignInForm } from './PasswordSignInForm';
import { TokenSignInForm } from './TokenSignInForm';

const endNotices: Record<SessionEndReason, string> = {
  expired: 'Your session ended, sign in again.',
  'signed-out': 'You signed out.',
  elsewhere: 'You were signed out in another tab. Sign in again to continue.',
};

/** `/login`: password sign-in, with the API-token way folded below it. */
export function SignInPage({ appName }: { appName: string }) {
  // Read once: the notice stays until the user signs in.
  const [reason] = useState(sessionEndReason);
  return (
    <main
      id="main"
      className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 p-6"
    >
      <header>
        <p className="text-sm font-semibold tracking-wide text-indigo-700 uppercase dark:text-indigo-300">
          {appName}
        </p>
        <h1 className="text-2xl font-bold">Sign in</h1>
      </header>
      {reason && (
        <p
          role="status"
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50"
        >
          {endNotices[reason]}
        </p>
      )}
      <PasswordSignInForm />
      <details className="rounded-md border border-slate-300 p-3 dark:border-slate-700">
        <summary className="cursor-pointer text-sm font-medium">
          Sign in with an API token instead
        </summary>
        <div className="mt-3">
          <TokenSignInForm />
        </div>
      </details>
    </main>
  );
}
