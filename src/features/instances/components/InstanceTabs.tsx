import { NavLink } from 'react-router';
import type { InstancePaths } from '../../../lib/paths';

const tabClass = ({ isActive }: { isActive: boolean }) =>
  `-mb-px border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-500 ${
    isActive
      ? 'border-indigo-600 text-indigo-800 dark:border-indigo-400 dark:text-indigo-200'
      : 'border-transparent text-slate-700 hover:border-slate-300 dark:text-slate-300'
  }`;

/** Overview / Questions / Downloads / Traffic, each its own URL (`aria-current` from NavLink). */
export function InstanceTabs({ paths }: { paths: InstancePaths }) {
  const tabs = [
    { to: paths.overview, label: 'Overview', end: true },
    { to: paths.questions, label: 'Questions', end: false },
    { to: paths.downloads, label: 'Downloads', end: false },
    { to: paths.traffic, label: 'Traffic', end: false },
  ];
  return (
    <nav aria-label="Instance sections" className="border-b border-slate-200 dark:border-slate-700">
      <ul className="flex flex-wrap gap-1">
        {tabs.map((t) => (
          <li key={t.label}>
            <NavLink to={t.to} end={t.end} className={tabClass}>
              {t.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
