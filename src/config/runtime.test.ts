import { describe, expect, it } from 'vitest';
import { ConfigError, loadRuntimeConfig } from './runtime';

const answer =
  (body: string, status = 200) =>
  () =>
    Promise.resolve(
      new Response(body, { status, headers: { 'Content-Type': 'application/json' } }),
    );

describe('loadRuntimeConfig', () => {
  it('reads the API base URL and app name', async () => {
    await expect(
      loadRuntimeConfig(answer('{"apiBaseUrl":"https://ctfy.example/api","appName":"Club CTF"}')),
    ).resolves.toEqual({ apiBaseUrl: 'https://ctfy.example/api', appName: 'Club CTF' });
  });

  it('fills defaults and ignores unknown keys', async () => {
    await expect(loadRuntimeConfig(answer('{"theme":"x"}'))).resolves.toEqual({
      apiBaseUrl: '/api',
      appName: 'ctfy',
    });
  });

  it.each([
    ['missing', answer('Not found', 404), 'Cannot load /config.json: the server answered 404.'],
    [
      'unreachable',
      () => Promise.reject(new TypeError('fetch failed')),
      'the server did not answer',
    ],
    ['not JSON', answer('{apiBaseUrl: /api'), '/config.json is not valid JSON.'],
    ['invalid', answer('{"apiBaseUrl": 42}'), '/config.json is invalid at apiBaseUrl'],
    ['empty name', answer('{"appName": ""}'), '/config.json is invalid at appName'],
  ])('explains a %s config', async (_name, fetchImpl, message) => {
    const error = await loadRuntimeConfig(fetchImpl as typeof fetch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
  });
});
