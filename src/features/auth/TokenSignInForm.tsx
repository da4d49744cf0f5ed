import { useId, useRef, useState, type FormEvent } from 'react';
import { Button } from '../../components/ui/Button';
import { FormAlert } from './FormAlert';
import { FormField } from './FormField';
import { describeSignInError } from './signInErrors';
import { useTokenSignIn } from './useSignIn';

/** Sign-in with an API token the user already has; it is checked before it is kept. */
export function TokenSignInForm() {
  const signIn = useTokenSignIn();
  const [token, setTokenText] = useState('');
  const [missing, setMissing] = useState<string | undefined>();
  const tokenRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLParagraphElement>(null);
  const alertId = useId();
  const problem = signIn.isError ? describeSignInError(signIn.error, 'token') : null;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (signIn.isPending) return;
    const value = token.trim().replace(/^Bearer\s+/i, '');
    if (!value) {
      setMissing('Paste your API token.');
      return tokenRef.current?.focus();
    }
    setMissing(undefined);
    signIn.mutate(value, {
      onError: (error) => {
        if (describeSignInError(error, 'token').rejected) {
          tokenRef.current?.focus();
          tokenRef.current?.select();
        } else {
          alertRef.current?.focus();
        }
      },
    });
  }

  return (
    <form
      noValidate
      onSubmit={onSubmit}
      className="flex flex-col gap-4"
      aria-label="Sign in with an API token"
    >
      <FormAlert ref={alertRef} id={alertId} message={problem?.message ?? null} />
      <FormField
        ref={tokenRef}
        label="API token"
        name="api-token"
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={token}
        onChange={(e) => setTokenText(e.target.value)}
        error={missing}
        describedBy={problem?.rejected ? alertId : undefined}
        aria-invalid={missing || problem?.rejected ? true : undefined}
      />
      <Button type="submit" disabled={signIn.isPending}>
        {signIn.isPending ? 'Checking the token…' : 'Sign in with token'}
      </Button>
    </form>
  );
}
