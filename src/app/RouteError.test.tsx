import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderRoutes } from '../test/render';
import { RouteError } from './RouteError';

describe('the page error boundary', () => {
  it('shows what broke and re-renders the page on retry, without a reload', async () => {
    let broken = true;
    function Flaky() {
      if (broken) throw new Error('The capture could not be parsed.');
      return <h1>Traffic</h1>;
    }
    const { router } = renderRoutes(
      [
        {
          path: '/',
          element: <p>shell stays</p>,
        },
        { path: '/page', element: <Flaky />, errorElement: <RouteError /> },
      ],
      '/page',
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This page could not be shown');
    expect(alert).toHaveTextContent('The capture could not be parsed.');
    const before = router.state.location.key;
    broken = false; // whatever broke is fixed: Retry must render the page again
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('heading', { name: 'Traffic' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/page');
    expect(router.state.location.key).not.toBe(before);
  });
});
