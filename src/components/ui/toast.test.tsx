import { describe, expect, it } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toast, Toaster } from './toast';

describe('Toaster', () => {
  it('shows messages as text, once, and can dismiss them', async () => {
    render(<Toaster />);
    act(() => {
      toast.error('<img src=x onerror=alert(1)> failed');
      toast.error('<img src=x onerror=alert(1)> failed');
    });
    const region = screen.getByRole('region', { name: 'Notifications' });
    expect(region.querySelector('img')).toBeNull();
    expect(screen.getAllByText('<img src=x onerror=alert(1)> failed')).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss notification' }));
    expect(screen.queryByText('<img src=x onerror=alert(1)> failed')).toBeNull();
  });
});
