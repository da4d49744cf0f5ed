import { Link, useLocation, useNavigate } from 'react-router';
import { Button } from '../../components/ui/Button';
import { paths } from '../../lib/paths';

/** Any unknown path: say so, show what was asked for (as text), offer a way back. */
export function Component() {
  const location = useLocation();
  const navigate = useNavigate();
  let asked = location.pathname;
  try {
    asked = decodeURIComponent(asked);
  } catch {
    // not valid percent-encoding: show it as it is
  }
  const canGoBack = (window.history.state as { idx?: number } | null)?.idx;
  return (
    <section aria-labelledby="not-found-title" className="mx-auto max-w-xl py-8">
      <h1 id="not-found-title" className="text-2xl font-bold">
        Page not found
      </h1>
      <p className="mt-2 text-slate-700 dark:text-slate-300">
        There is no page at <code className="break-all">{asked}</code>. The link may be mistyped, or
        the page has moved.
      </p>
      <div className="mt-4 flex flex-wrap gap-3">
        <Link
          to={paths.home()}
          className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500"
        >
          Go to your instances
        </Link>
        {canGoBack ? <Button onClick={() => void navigate(-1)}>Go back</Button> : null}
      </div>
    </section>
  );
}
