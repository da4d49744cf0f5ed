import { act, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithRouter } from '../../../test/render';
import { TrafficSession } from '../session';
import type { ToWorker } from '../worker/protocol';
import { readViewState, useViewStateInUrl, writeViewState } from './useViewStateInUrl';

/** A worker that records what the session asks (the worker itself is tested in worker/). */
function fakeWorker() {
  const sent: ToWorker[] = [];
  const worker = {
    postMessage: (m: ToWorker) => sent.push(m),
    terminate: () => undefined,
    onmessage: null,
    onerror: null,
  } as unknown as Worker;
  const queries = () =>
    sent.flatMap((m) => (m.type === 'query' ? [`${m.filter} ${m.sort.key}`] : []));
  return { worker, queries };
}

function Probe({ session }: { session: TrafficSession }) {
  useViewStateInUrl(session);
  return null;
}

function setup(path: string) {
  const { worker, queries } = fakeWorker();
  const session = new TrafficSession(
    readViewState(new URL(path, 'http://x').searchParams),
    () => worker,
  );
  session.warmUp();
  const { router } = renderWithRouter(<Probe session={session} />, path);
  const search = () => decodeURIComponent(router.state.location.search.replace(/\+/g, ' '));
  return { session, router, queries, search };
}

describe('view state in the URL', () => {
  it('reads and writes q, sort and flow (defaults left out, other keys kept)', () => {
    const state = readViewState(new URLSearchParams('q=~c+404&sort=-status&flow=f1&x=1'));
    expect(state).toEqual({
      filter: '~c 404',
      sort: { key: 'status', descending: true },
      selectedId: 'f1',
      range: null,
    });
    expect(readViewState(new URLSearchParams('sort=bogus&q=' + 'x'.repeat(3000)))).toEqual({
      filter: '',
      sort: { key: 'time', descending: false },
      selectedId: undefined,
      range: null,
    });
    const written = writeViewState(new URLSearchParams('x=1&q=old&sort=-size'), {
      filter: '',
      sort: { key: 'time', descending: false },
      selectedId: 'a b',
      range: null,
    });
    expect(written.toString()).toBe('x=1&flow=a+b');
  });

  it("reads and writes the timeline's range; a malformed or empty one is none", () => {
    const range = { from: 1700000000.25, to: 1700000010.5 };
    const written = writeViewState(new URLSearchParams(), {
      filter: '',
      sort: { key: 'time', descending: false },
      selectedId: undefined,
      range,
    });
    expect(written.toString()).toBe('range=1700000000.25%7E1700000010.5');
    expect(readViewState(written).range).toEqual(range);
    for (const bad of ['range=5~2', 'range=abc', 'range=1~2~3', 'range=-1~2'])
      expect(readViewState(new URLSearchParams(bad)).range, bad).toBeNull();
  });

  it('asks the worker at each change and writes every change to the URL once they pause', async () => {
    const { session, queries, search } = setup('/t?q=a');
    expect(queries()).toEqual(['a time']); // a new worker learns the view state at once
    act(() => {
      session.select('f1');
      session.setFilter('~c 404');
      session.setSort({ key: 'status', descending: true });
    });
    // the worker is asked at once; the URL follows later, with all three
    expect(queries()).toEqual(['a time', '~c 404 time', '~c 404 status']);
    expect(search()).toBe('?q=a');
    await waitFor(() => expect(search()).toBe('?q=~c 404&sort=-status&flow=f1'));
  });

  it('text typed while the URL catches up is never replaced by an older value', async () => {
    const { session, search } = setup('/t');
    const seen: string[] = [];
    session.subscribe(() => {
      const { filter } = session.getSnapshot();
      if (seen.at(-1) !== filter) seen.push(filter);
    });
    act(() => session.setFilter('x1'));
    await waitFor(() => expect(search()).toBe('?q=x1'));
    act(() => session.setFilter('x12'));
    act(() => session.setFilter('x123'));
    await waitFor(() => expect(search()).toBe('?q=x123'));
    expect(seen).toEqual(['x1', 'x12', 'x123']);
    expect(session.getSnapshot().filter).toBe('x123');
  });

  it('back and forward (a URL the session did not write) set the view state', async () => {
    const { session, router, queries } = setup('/t?q=a');
    await act(() => router.navigate('/t?q=~m+post&sort=size&flow=f9'));
    await waitFor(() =>
      expect(session.getSnapshot()).toMatchObject({
        filter: '~m post',
        sort: { key: 'size', descending: false },
        selectedId: 'f9',
      }),
    );
    expect(queries().at(-1)).toBe('~m post size');
    await act(() => router.navigate(-1));
    await waitFor(() =>
      expect(session.getSnapshot()).toMatchObject({ filter: 'a', selectedId: undefined }),
    );
    expect(queries().at(-1)).toBe('a time');
  });
});
