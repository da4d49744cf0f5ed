import { useQuery } from '@tanstack/react-query';
import { Link, NavLink, useMatch } from 'react-router';
import { authQueries } from '../../api/auth';
import { Button } from '../../components/ui/Button';
import { useSignOut } from '../../features/auth';
import { paths, routePatterns } from '../../lib/paths';
import { useAppConfig } from '../../lib/appConfig';
import { CompetitionSwitcher } from './CompetitionSwitcher';
import { ThemeSelect } from './ThemeSelect';

const navClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-2 py-1 text-sm font-medium underline-offset-4 ${
    isActive
      ? 'bg-slate-200 text-slate-950 underline dark:bg-slate-700 dark:text-white'
      : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
  }`;

/** App name, navigation, competition switcher, theme, user and sign-out. Wraps on narrow screens. */
export function AppHeader() {
  const { appName } = useAppConfig();
  const me = useQuery(authQueries.me());
  const { signOut, pending } = useSignOut();
  const match = useMatch(routePatterns.inCompetition);
  const competitionId = match?.params.competitionId;

  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2">
        <Link to={paths.home()} className="text-lg font-bold">
          {appName}
        </Link>
        <nav aria-label="Main" className="flex flex-wrap gap-1">
          {competitionId !== undefined && (
            <NavLink to={paths.overview(competitionId)} end className={navClass}>
              Overview
            </NavLink>
          )}
          <NavLink to={paths.instances(competitionId)} className={navClass}>
            Instances
          </NavLink>
          <NavLink to={paths.challenges(competitionId)} className={navClass}>
            Challenges
          </NavLink>
        </nav>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2 sm:ml-auto">
          {/* a page outside a competition (/traffic/open) is about none: no switcher */}
          {me.data && me.data.teams.length > 0 && competitionId !== undefined && (
            <CompetitionSwitcher teams={me.data.teams} competitionId={competitionId} />
          )}
          <ThemeSelect />
          {me.data && (
            <p className="text-sm text-slate-700 dark:text-slate-300">
              <span className="sr-only">Signed in as </span>
              {me.data.user.display_name ?? me.data.user.name}
            </p>
          )}
          <Button size="sm" onClick={() => void signOut()} disabled={pending}>
            {pending ? 'Signing out…' : 'Sign out'}
          </Button>
        </div>
      </div>
    </header>
  );
}
