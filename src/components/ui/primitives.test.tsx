import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../api/client';
import { CopyButton } from './CopyButton';
import { ErrorState } from './ErrorState';
import { StatusBadge } from './StatusBadge';
import { LoadingRows } from './Skeleton';
import { SLOW_PENDING_MS } from '../../lib/useSlowPending';

describe('StatusBadge', () => {
  it('says the status in words, not colour alone, even an unknown one', () => {
    render(
      <>
        <StatusBadge status="running" />
        <StatusBadge status="hibernating" />
      </>,
    );
    expect(screen.getByText('running')).toBeInTheDocument();
    expect(screen.getByText('hibernating')).toBeInTheDocument();
  });
});

describe('ErrorState', () => {
  it('shows the readable error and retries', async () => {
    const onRetry = vi.fn();
    render(
      <ErrorState
        title="Cannot load instances"
        error={new ApiError('http', 'x', { status: 503, detail: 'Maintenance <b>now</b>' })}
        onRetry={onRetry}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Cannot load instances');
    expect(alert).toHaveTextContent('Maintenance <b>now</b>');
    expect(alert.querySelector('b')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });
});

describe('CopyButton', () => {
  it('copies the value and says so', async () => {
    const user = userEvent.setup();
    render(<CopyButton value="nc 127.0.0.1 31337" label="Copy command" />);
    await user.click(screen.getByRole('button', { name: 'Copy command' }));
    expect(await navigator.clipboard.readText()).toBe('nc 127.0.0.1 31337');
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeInTheDocument();
  });
});

describe('LoadingRows', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says it is still waiting for the platform after a few seconds, not before', () => {
    vi.useFakeTimers();
    render(<LoadingRows label="Loading instances…" />);
    expect(screen.getByRole('status')).toHaveTextContent('Loading instances…');
    expect(screen.queryByText(/Still waiting for the platform/)).toBeNull();
    act(() => {
      vi.advanceTimersByTime(SLOW_PENDING_MS - 1);
    });
    expect(screen.queryByText(/Still waiting for the platform/)).toBeNull();
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(screen.getByRole('status')).toHaveTextContent(
      'Loading instances… Still waiting for the platform…',
    );
  });

  it('does not blame the platform for local work', () => {
    vi.useFakeTimers();
    render(<LoadingRows label="Reading the file…" fromPlatform={false} />);
    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    expect(screen.getByRole('status')).toHaveTextContent('Reading the file…');
    expect(screen.queryByText(/Still waiting/)).toBeNull();
  });
});
