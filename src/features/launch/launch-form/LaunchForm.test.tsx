import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { server, seenRequests, setupMswServer } from '../../../test/msw';
import { useQuery } from '@tanstack/react-query';
import { instanceQueries } from '../../../api';
import { configureTestApi, renderInCompetition, SCOPE } from '../../../test/competition';
import { LaunchButton } from './LaunchButton';
import { LaunchForm } from './LaunchForm';

setupMswServer();
configureTestApi();

const settings = http.get('/api/settings', () =>
  HttpResponse.json({ default_instance_ttl_s: 86_400, max_instance_ttl_s: 172_800 }),
);
const posts = () => seenRequests.filter((r) => r.method === 'POST' && r.url.endsWith('/instances'));

/** Something on the page that lists the team's instances (as the challenge page does). */
function TeamList() {
  const list = useQuery(instanceQueries.list(SCOPE, {}));
  return <p>{list.data ? `${list.data.items.length} listed` : 'listing…'}</p>;
}

describe('LaunchForm', () => {
  it('closes the launch dialog as soon as the start request succeeds, not when lists refresh', async () => {
    let lists = 0;
    let releaseList = () => {};
    server.use(
      settings,
      http.get('/api/instances', async () => {
        // The first list answers; the refresh after the launch hangs until released.
        if (lists++ > 0) await new Promise<void>((resolve) => (releaseList = resolve));
        return HttpResponse.json({ items: [] });
      }),
      http.post('/api/instances', () =>
        HttpResponse.json({ id: 'new-9', status: 'pending' }, { status: 201 }),
      ),
    );
    renderInCompetition(
      <>
        <TeamList />
        <LaunchButton challengeId="DEMO-001" />
      </>,
    );
    const user = userEvent.setup();
    expect(await screen.findByText('0 listed')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Launch' }));
    const amount = await screen.findByLabelText('Lifetime amount');
    await waitFor(() => expect(amount).toHaveValue('24'));
    const submit = screen.getAllByRole('button', { name: 'Launch', hidden: true }).at(-1)!;
    await user.click(submit);
    // While the request is pending the button cannot be pressed; once it
    // succeeded the dialog is gone and the instance page opens, although the
    // list refresh has not answered.
    expect(await screen.findByText('instance page')).toBeInTheDocument();
    expect(screen.queryByLabelText('Lifetime amount')).not.toBeInTheDocument();
    expect(lists).toBe(2);
    expect(posts()).toHaveLength(1);
    releaseList();
  });

  it('disables Launch while the start request is pending', async () => {
    let answer = () => {};
    server.use(
      settings,
      http.post('/api/instances', async () => {
        await new Promise<void>((resolve) => (answer = resolve));
        return HttpResponse.json({ id: 'new-8', status: 'pending' }, { status: 201 });
      }),
    );
    renderInCompetition(<LaunchForm challengeId="DEMO-001" />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Launch' }));
    const pending = await screen.findByRole('button', { name: 'Launching…' });
    expect(pending).toBeDisabled();
    answer();
    expect(await screen.findByText('instance page')).toBeInTheDocument();
  });

  it('a double click on Launch starts one instance and goes to its page', async () => {
    // the start answers only after the second click and the Enter, while it is in flight
    let answer = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    server.use(
      settings,
      http.post('/api/instances', async () => {
        await answered;
        return HttpResponse.json({ id: 'new-1', status: 'pending' }, { status: 201 });
      }),
    );
    renderInCompetition(<LaunchForm challengeId="DEMO-001" />);
    const user = userEvent.setup();
    const launch = await screen.findByRole('button', { name: 'Launch' });
    await user.dblClick(launch);
    await user.keyboard('{Enter}');
    answer();
    expect(await screen.findByText('instance page')).toBeInTheDocument();
    expect(posts()).toHaveLength(1);
    const body = (await posts()[0]!.json()) as Record<string, unknown>;
    expect(body).toEqual({ challenge_id: 'DEMO-001', competition_id: 'ctf-spring', ttl: 86_400 });
  });

  it('shows the TTL in hours, bounded by the maximum, and sends seconds', async () => {
    server.use(
      settings,
      http.post('/api/instances', () => HttpResponse.json({ id: 'new-2' }, { status: 201 })),
    );
    renderInCompetition(<LaunchForm challengeId="DEMO-001" />);
    const user = userEvent.setup();
    const amount = await screen.findByLabelText('Lifetime amount');
    await waitFor(() => expect(amount).toHaveValue('24'));
    expect(screen.getByLabelText('Lifetime unit')).toHaveValue('hours');
    await user.clear(amount);
    await user.type(amount, '49');
    await user.click(screen.getByRole('button', { name: 'Launch' }));
    expect(screen.getByText('The lifetime can be at most 2 days.')).toBeInTheDocument();
    expect(posts()).toHaveLength(0);
    await user.clear(amount);
    await user.type(amount, '90');
    await user.selectOptions(screen.getByLabelText('Lifetime unit'), 'minutes');
    await user.click(screen.getByRole('button', { name: 'Launch' }));
    await screen.findByText('instance page');
    expect(((await posts()[0]!.json()) as { ttl: number }).ttl).toBe(5_400);
  });

  it('409: links to the running instance of the challenge', async () => {
    server.use(
      settings,
      http.post('/api/instances', () =>
        HttpResponse.json(
          { detail: 'Your team already runs DEMO-001 as instance run-7.' },
          { status: 409 },
        ),
      ),
      http.get('/api/instances', () =>
        HttpResponse.json({
          items: [
            {
              id: 'run-7',
              challenge_id: 'DEMO-001',
              competition_id: 'ctf-spring',
              status: 'running',
              created_at: '2026-11-28T12:00:00Z',
              questions: [],
            },
          ],
        }),
      ),
    );
    renderInCompetition(<LaunchForm challengeId="DEMO-001" />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Launch' }));
    const link = await screen.findByRole('link', { name: /Open the running instance/ });
    expect(link).toHaveAttribute('href', '/c/ctf-spring/instances/run-7');
    expect(
      screen.getByText('Your team already runs DEMO-001 as instance run-7.'),
    ).toBeInTheDocument();
  });

  it('429: lists the team instances with Stop, then launches once a slot is free', async () => {
    let live = ['a-1', 'a-2', 'a-3'];
    server.use(
      settings,
      http.post('/api/instances', () =>
        live.length >= 3
          ? HttpResponse.json({ detail: 'Your team already runs 3 instances.' }, { status: 429 })
          : HttpResponse.json({ id: 'new-3' }, { status: 201 }),
      ),
      http.get('/api/instances', () =>
        HttpResponse.json({
          items: live.map((id) => ({
            id,
            challenge_id: `DEMO-00${id.slice(-1)}`,
            competition_id: 'ctf-spring',
            status: 'running',
            created_at: '2026-11-28T12:00:00Z',
            questions: [],
          })),
        }),
      ),
      http.delete('/api/instances/:id', ({ params }) => {
        live = live.filter((id) => id !== params.id);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderInCompetition(<LaunchForm challengeId="DEMO-004" />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Launch' }));
    const list = await screen.findByRole('list', { name: "Your team's running instances" });
    expect(list.querySelectorAll('li')).toHaveLength(3);
    await user.click(screen.getByRole('button', { name: 'Stop DEMO-002 (a-2)' }));
    await waitFor(() => expect(live).toEqual(['a-1', 'a-3']));
    await user.click(screen.getByRole('button', { name: 'Launch' }));
    expect(await screen.findByText('instance page')).toBeInTheDocument();
    expect(posts()).toHaveLength(2);
  });

  it('other errors show the server detail', async () => {
    server.use(
      settings,
      http.post('/api/instances', () =>
        HttpResponse.json(
          { detail: 'Challenge NOPE not found in competition ctf-spring.' },
          { status: 404 },
        ),
      ),
    );
    renderInCompetition(<LaunchForm challengeId="NOPE" />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Launch' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not launch: Challenge NOPE not found in competition ctf-spring.',
    );
  });
});
