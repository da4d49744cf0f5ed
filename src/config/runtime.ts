import { RuntimeConfigSchema, type RuntimeConfig } from '@shared/schemas';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Loads `/config.json` (same origin as the app). One build serves any ctfy
 * server: the API base URL and the app's name are decided at run time.
 */
export async function loadRuntimeConfig(fetchImpl: typeof fetch = fetch): Promise<RuntimeConfig> {
  let res: Response;
  try {
    res = await fetchImpl('/config.json');
  } catch {
    throw new ConfigError('Cannot load /config.json: the server did not answer.');
  }
  if (!res.ok)
    throw new ConfigError(`Cannot load /config.json: the server answered ${res.status}.`);
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new ConfigError('/config.json is not valid JSON.');
  }
  const parsed = RuntimeConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      `/config.json is invalid${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}: ${issue?.message ?? 'unknown problem'}.`,
    );
  }
  return parsed.data;
}
