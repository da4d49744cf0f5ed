import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { Bootstrap } from './Bootstrap';
import { ConfigError } from '../config/runtime';
import { server, setupMswServer } from '../test/msw';

setupMswServer();

describe('Bootstrap', () => {
  it('shows a clear error for a broken config, and starts after a retry', async () => {
    let attempt = 0;
    const load = () =>
      ++attempt === 1
        ? Promise.reject(new ConfigError('/config.json is not valid JSON.'))
        : Promise.resolve({ apiBaseUrl: '/api', appName: 'Club CTF' });
    render(<Bootstrap load={load} />);
    expect(
      await screen.findByRole('heading', { name: 'The dashboard cannot start' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('/config.json is not valid JSON.');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    // Started: signed out, so the sign-in page shows the configured name.
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByText('Club CTF')).toBeInTheDocument();
  });

  it('loads the real /config.json', async () => {
    server.use(http.get('/config.json', () => new HttpResponse('nope', { status: 404 })));
    render(<Bootstrap />);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Cannot load /config.json: the server answered 404.',
    );
  });
});
