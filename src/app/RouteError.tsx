import { useQueryClient } from '@tanstack/react-query';
import { isRouteErrorResponse, useLocation, useNavigate, useRouteError } from 'react-router';
import { ErrorState } from '../components/ui/ErrorState';

function describe(error: unknown): unknown {
  if (isRouteErrorResponse(error)) return new Error(`${error.status} ${error.statusText}`);
  // A lazy page that failed to load (new deployment, network blip).
  if (error instanceof TypeError && /dynamically imported module|import/i.test(error.message)) {
    return new Error('This page could not be loaded. Check your connection and retry.');
  }
  return error;
}

/**
 * The error boundary of every page: what broke, and a retry that really
 * tries again: failed queries are reset (so they refetch) and the page is
 * rendered anew, without reloading the app.
 */
export function RouteError() {
  const error = useRouteError();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();

  function retry() {
    void queryClient.resetQueries({ predicate: (q) => q.state.status === 'error' });
    // A new location object resets React Router's error boundary.
    void navigate(
      { pathname: location.pathname, search: location.search, hash: location.hash },
      { replace: true, state: location.state as unknown },
    );
  }

  return (
    <div className="p-4">
      <ErrorState title="This page could not be shown" error={describe(error)} onRetry={retry} />
    </div>
  );
}
