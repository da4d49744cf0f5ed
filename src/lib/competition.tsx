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
