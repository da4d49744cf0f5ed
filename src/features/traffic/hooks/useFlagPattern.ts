import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { settingsQueries } from '../../../api/settings';
import { useAppConfig } from '../../../lib/appConfig';
import { chooseFlagPattern, type FlagPatternChoice } from '@shared/capture/filter/flagPattern';

/**
 * The competition's flag pattern: the platform's settings (`flag_pattern`,
 * local extension) when it sends a usable one, else the runtime config's,
 * else the default. Without a competition (a file opened locally) the
 * settings are not asked.
 */
export function useFlagPattern(competitionId: string | undefined): FlagPatternChoice {
  const settings = useQuery({
    ...settingsQueries.settings(competitionId ?? ''),
    enabled: competitionId !== undefined,
  });
  const { flagPattern } = useAppConfig();
  const platform = settings.data?.flag_pattern;
  return useMemo(() => chooseFlagPattern(platform, flagPattern), [platform, flagPattern]);
}
