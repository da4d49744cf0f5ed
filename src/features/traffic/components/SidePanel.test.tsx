import { createRef } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SidePanel } from './SidePanel';

describe('SidePanel', () => {
  it('is a region named by its heading; the ref is that heading, which takes focus', () => {
    const ref = createRef<HTMLHeadingElement>();
    render(
      <SidePanel
        ref={ref}
        title="Compare flows"
        closeLabel="Close the comparison"
        onClose={vi.fn()}
      >
        <p>body</p>
      </SidePanel>,
    );
    const heading = screen.getByRole('heading', { level: 2, name: 'Compare flows' });
    expect(screen.getByRole('region', { name: 'Compare flows' })).toContainElement(heading);
    expect(ref.current).toBe(heading);
    ref.current!.focus();
    expect(heading).toHaveFocus();
  });

  it('focuses its heading on mount when asked, and not otherwise', () => {
    const { unmount } = render(
      <SidePanel title="Quiet" closeLabel="Close quiet" onClose={vi.fn()}>
        x
      </SidePanel>,
    );
    expect(screen.getByRole('heading', { name: 'Quiet' })).not.toHaveFocus();
    unmount();
    render(
      <SidePanel
        title="Preview"
        closeLabel="Close preview"
        onClose={vi.fn()}
        headingLevel={4}
        focusOnMount
      >
        x
      </SidePanel>,
    );
    expect(screen.getByRole('heading', { level: 4, name: 'Preview' })).toHaveFocus();
  });

  it('closes on Escape from inside and on its Close button, but not on Escape in a select', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    render(
      <SidePanel title="Flow details" closeLabel="Close flow details" onClose={onClose}>
        <button type="button">Inside</button>
        <label>
          View{' '}
          <select>
            <option>a</option>
          </select>
        </label>
      </SidePanel>,
    );
    await user.click(screen.getByRole('combobox', { name: 'View' }));
    await user.keyboard('{Escape}');
    expect(onClose).not.toHaveBeenCalled();
    screen.getByRole('button', { name: 'Inside' }).focus();
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole('button', { name: 'Close flow details' }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it('a nested panel closes alone: Escape does not reach the panel around it', async () => {
    const user = userEvent.setup();
    const outer = vi.fn();
    const inner = vi.fn();
    render(
      <SidePanel title="Outer" closeLabel="Close outer" onClose={outer}>
        <SidePanel title="Inner" closeLabel="Close inner" onClose={inner} headingLevel={4}>
          <button type="button">Deep</button>
        </SidePanel>
      </SidePanel>,
    );
    screen.getByRole('button', { name: 'Deep' }).focus();
    await user.keyboard('{Escape}');
    expect(inner).toHaveBeenCalledTimes(1);
    expect(outer).not.toHaveBeenCalled();
  });
});
