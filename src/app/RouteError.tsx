import { isRouteErrorResponse, useNavigate, useRouteError } from 'react-router';
import { ErrorState } from '../components/ui/ErrorState';

/** The error boundary of every page: what broke, and a retry. */
export function RouteError() {
  const error = useRouteError();
  const navigate = useNavigate();
  const shown = isRouteErrorResponse(error)
    ? new Error(`${error.status} ${error.statusText}`)
    : error;
  return (
    <div className="p-4">
      <ErrorState title="This page could not be shown" error={shown} onRetry={() => navigate(0)} />
    </div>
  );
}
