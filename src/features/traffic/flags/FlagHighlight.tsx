import { createContext, useContext } from 'react';

/**
 * The flag pattern text inside a flow's details is highlighted with (a
 * global RegExp), or null: no highlighting (the flow list).
 */
export const FlagHighlight = createContext<RegExp | null>(null);

export function useFlagHighlight(): RegExp | null {
  return useContext(FlagHighlight);
}
