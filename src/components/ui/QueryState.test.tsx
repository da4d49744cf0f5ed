import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../../api/client';
import { createTestQueryClient, TestProviders } from '../../test/render';
import { QueryState } from './QueryState';

/** A list query whose answers are taken in turn from `answers` (an Error is thrown). */
function Files({ answers }: { answers: (string[] | Error)[] }) {
  const files = useQuery({
    queryKey: ['files'],
    queryFn: () => {
      const next = answers.shift();
      if (next === undefined) throw new Error('no more answers');
      if (next instanceof Error) throw next;
      return next;
    },
  });
  return (
    <QueryState
      query={files}
      loading="Loading the files…"
      errorTitle="Cannot list the files"
      isEmpty={(list) => list.length === 0}
      empty={<p>No files.</p>}
    >
      {(list) => (
        <ul>
          {list.map((name) => (
            <li key={name}>{name}</li>
          ))}
        </ul>
      )}
    </QueryState>
  );
}

function show(answers: (string[] | Error)[]) {
  render(
    <TestProviders client={createTestQueryClient()}>
      <Files answers={answers} />
    </TestProviders>,
  );
}

describe('QueryState', () => {
  it('announces loading, then renders the data', async () => {
    show([['a.txt', 'b.txt']]);
    expect(screen.getByRole('status')).toHaveTextContent('Loading the files…');
    expect(await screen.findByText('a.txt')).toBeInTheDocument();
    expect(screen.getAllByRole('listitem')).toHaveLength(2);
    expect(screen.queryByText('Loading the files…')).not.toBeInTheDocument();
  });

  it('shows the error with a retry that fetches again', async () => {
    show([new ApiError('http', 'x', { status: 503, detail: 'Maintenance' }), ['c.txt']]);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Cannot list the files');
    expect(alert).toHaveTextContent('Maintenance');
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('c.txt')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows the empty state when the data is empty', async () => {
    show([[]]);
    expect(await screen.findByText('No files.')).toBeInTheDocument();
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });
});
