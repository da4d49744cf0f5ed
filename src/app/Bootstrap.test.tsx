import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { Bootstrap } from './Bootstrap';
import { ConfigError } from '../config/runtime';
import { loadPage } from '../lib/pageLoad';
import { server, setupMswServer } from '../test/msw';

// The sign-in page is a page load of its own (src/main.ts).
vi.mock('../lib/pageLoad', () => ({ loadPage: vi.fn() }));

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
    // Started with the configured name; signed out, so on to the sign-in page.
    await waitFor(() => expect(loadPage).toHaveBeenCalledWith('/login'));
    expect(document.title).toBe('Club CTF');
  });

  it('loads the real /config.json', async () => {
    server.use(http.get('/config.json', () => new HttpResponse('nope', { status: 404 })));
    render(<Bootstrap />);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Cannot load /config.json: the server answered 404.',
    );
  });
});
