import { createContext, useContext, type ReactNode } from 'react';
import type { ApiScope, Team } from '../api';

export interface CompetitionContextValue {
  scope: ApiScope;
  team: Team;
  teams: Team[];
}

const CompetitionContext = createContext<CompetitionContextValue | null>(null);

export function CompetitionProvider({
  value,
  children,
}: {
  value: CompetitionContextValue;
  children: ReactNode;
}) {
  return <CompetitionContext.Provider value={value}>{children}</CompetitionContext.Provider>;
}

/** The competition the current page is about (from the `/c/:competitionId` URL). */
export function useCompetition(): CompetitionContextValue {
  const ctx = useContext(CompetitionContext);
  if (!ctx) throw new Error('useCompetition outside of a /c/:competitionId route');
  return ctx;
}

/** The API scope for calls made on this page. */
export function useScope(): ApiScope {
  return useCompetition().scope;
}

const REMEMBER_KEY = 'ctfy.competition';
export function rememberCompetition(id: string): void {
  try {
    localStorage.setItem(REMEMBER_KEY, id);
  } catch {
    /* ignore */
  }
}
export function rememberedCompetition(): string | null {
  try {
    return localStorage.getItem(REMEMBER_KEY);
  } catch {
    return null;
  }
}

/**
 * Whether the user's instance calls are scoped (`ApiScope.scoped`: on more
 * than one team), as last seen: lets a page start its instance queries
 * while the session check is still out (`RouteHandle.prefetch`). A wrong
 * guess only costs a request the page does not use.
 */
const SCOPED_KEY = 'ctfy.scopedCalls';
export function rememberScoped(scoped: boolean): void {
  try {
    localStorage.setItem(SCOPED_KEY, scoped ? '1' : '0');
  } catch {
    /* ignore */
  }
}
export function rememberedScope(competitionId: string): ApiScope | null {
  try {
    const scoped = localStorage.getItem(SCOPED_KEY);
    return scoped === null ? null : { competitionId, scoped: scoped === '1' };
  } catch {
    return null;
  }
}
