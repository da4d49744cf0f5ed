import { Navigate, useSearchParams } from 'react-router';
import { useSyncExternalStore } from 'react';
import { SignInPage, safeNextPath } from '../../features/auth';
import { useDocumentTitle } from '../../lib/documentTitle';
import { searchKeys } from '../../lib/paths';
import { getToken, subscribeToken } from '../../lib/session';
import { useAppConfig } from '../../lib/appConfig';
import { Toaster } from '../../components/ui/toast';

/** `/login`. Already signed in (e.g. in another tab): go on to where the user was heading. */
export function Component() {
  const { appName } = useAppConfig();
  const [params] = useSearchParams();
  const token = useSyncExternalStore(subscribeToken, getToken, getToken);
  useDocumentTitle('Sign in');
  if (token) return <Navigate to={safeNextPath(params.get(searchKeys.next))} replace />;
  return (
    <>
      <SignInPage appName={appName} />
      <Toaster />
    </>
  );
}
