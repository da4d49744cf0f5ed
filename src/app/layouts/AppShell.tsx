import { useQuery, useQueryClient } from '@tanstack/react-query';
import { NavLink, Outlet, useMatch, useNavigate } from 'react-router';
import { authQueries, logout } from '../../api';
import { setToken } from '../../lib/session';
import { Button } from '../../components/ui/Button';
import { Toaster } from '../../components/ui/toast';
import { useAppConfig } from '../appConfig';
import { useSystemTheme } from '../theme';

const navClass = ({ isActive }: { isActive: boolean }) =>
  `rounded px-2 py-1 text-sm font-medium ${isActive ? 'bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-white' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`;

/** Header, navigation and the page. */
export function AppShell() {
  useSystemTheme();
  const { appName } = useAppConfig();
  const me = useQuery(authQueries.me());
  const qc = useQueryClient();
  const navigate = useNavigate();
  const match = useMatch('/c/:competitionId/*');
  const competitionId = match?.params.competitionId;
  const base = competitionId ? `/c/${encodeURIComponent(competitionId)}` : '';

  async function signOut() {
    try {
      await logout();
    } catch {
      // the token is forgotten either way
    }
    setToken(null);
    qc.clear();
    navigate('/login', { replace: true });
  }

  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-3 px-4 py-2">
          <span className="text-lg font-bold">{appName}</span>
          <nav aria-label="Main" className="flex gap-1">
            <NavLink to={`${base}/instances`} className={navClass}>
              Instances
            </NavLink>
            <NavLink to={`${base}/challenges`} className={navClass}>
              Challenges
            </NavLink>
          </nav>
          <div className="ml-auto flex flex-wrap items-center gap-2">
            {me.data && me.data.teams.length > 0 && (
              <label className="flex items-center gap-1 text-sm">
                <span>Competition</span>
                <select
                  className="rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-800"
                  value={competitionId ?? ''}
                  onChange={(e) => navigate(`/c/${encodeURIComponent(e.target.value)}/instances`)}
                >
                  {competitionId === undefined && <option value="">Choose…</option>}
                  {me.data.teams.map((t) => (
                    <option key={t.id} value={t.competition_id}>
                      {(t.competition_name ?? t.competition_id) + ' — ' + t.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {me.data && (
              <span className="text-sm text-slate-600 dark:text-slate-300">
                {me.data.user.display_name ?? me.data.user.name}
              </span>
            )}
            <Button size="sm" onClick={() => void signOut()}>
              Sign out
            </Button>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-4">
        <Outlet />
      </main>
      <Toaster />
    </div>
  );
}
