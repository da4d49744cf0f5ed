import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { COLUMN_PREFS_KEY } from '../listColumns/columnPrefs';
import type { ColumnFacts } from '../listColumns/displayFacts';
import { makeFlow } from '@shared/capture/testFlows';
import { summarizeFlow } from '../worker/rows';
import { ColumnsBar } from './ColumnsMenu';
import { FlowTable } from './FlowTable';

const rows = Array.from({ length: 20 }, (_, i) =>
  summarizeFlow(makeFlow({ host: '127.0.0.1', path: `/item/${i}`, time: 1000 + i }), i),
).map((r) => ({ ...r, duration: 500 }));
const all = Int32Array.from(rows, (r) => r.index);
const facts: ColumnFacts = {
  count: rows.length,
  sole: [{ key: 'host', value: '127.0.0.1' }],
  span: { from: 1000, to: 1020 },
};

function renderTable(range: { from: number; to: number } | null = null) {
  return render(
    <>
      <ColumnsBar columnFacts={facts} />
      <FlowTable
        rows={rows}
        view={all}
        selectedPosition={-1}
        sort={{ key: 'time', descending: false }}
        onSort={vi.fn()}
        onSelect={vi.fn()}
        onOpen={vi.fn()}
        onEscape={vi.fn()}
        label="Flows"
        columnFacts={facts}
        range={range}
      />
    </>,
  );
}

const headers = () =>
  within(screen.getByRole('grid', { name: 'Flows' }))
    .getAllByRole('columnheader')
    .map((h) => h.textContent?.replace(/[▲▼]/g, '').trim());

describe('the columns menu', () => {
  const size = { clientHeight: 560, clientWidth: 1024 };
  const saved = Object.keys(size).map(
    (key) => [key, Object.getOwnPropertyDescriptor(HTMLElement.prototype, key)] as const,
  );
  beforeAll(() => {
    for (const [key, value] of Object.entries(size))
      Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value });
  });
  afterAll(() => {
    for (const [key, descriptor] of saved)
      if (descriptor) Object.defineProperty(HTMLElement.prototype, key, descriptor);
  });

  it('a one-value column is hidden with a note, and the note shows it again', async () => {
    const user = userEvent.setup();
    renderTable();
    expect(headers()).not.toContain('Host');
    expect(screen.getByText('Host: 127.0.0.1 for every flow')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Show the Host column' }));
    expect(headers()).toContain('Host');
    expect(screen.queryByText('Host: 127.0.0.1 for every flow')).not.toBeInTheDocument();
    expect(JSON.parse(localStorage.getItem(COLUMN_PREFS_KEY)!)).toMatchObject({
      shown: { host: true },
    });
  });

  it('works from the keyboard: open, hide a column, move one, close with Escape', async () => {
    const user = userEvent.setup();
    renderTable();
    const button = screen.getByRole('button', { name: /Columns/ });
    expect(button).toHaveAttribute('aria-expanded', 'false');
    button.focus();
    await user.keyboard('{Enter}');
    expect(button).toHaveAttribute('aria-expanded', 'true');
    const time = screen.getByRole('checkbox', { name: 'Time' });
    expect(time).toHaveFocus();
    await user.keyboard(' ');
    expect(time).not.toBeChecked();
    expect(headers()).not.toContain('Time');

    // the host's checkbox tells why it is off
    expect(screen.getByRole('checkbox', { name: 'Host' })).toHaveAccessibleDescription(
      '127.0.0.1 for every flow',
    );

    const statusUp = screen.getByRole('button', { name: 'Move Status up' });
    statusUp.focus();
    await user.keyboard('{Enter}');
    expect(headers()).toEqual(['Method', 'Status', 'Path', 'Type', 'Size', 'Duration']);
    // focus stays on the button pressed, so Enter again keeps moving it
    expect(screen.getByRole('button', { name: 'Move Status up' })).toHaveFocus();
    await user.keyboard('{Enter}');
    await user.keyboard('{Enter}');
    expect(headers()).toEqual(['Status', 'Method', 'Path', 'Type', 'Size', 'Duration']);

    await user.keyboard('{Escape}');
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(button).toHaveFocus();

    // tabbing out of the open menu closes it
    await user.keyboard('{Enter}');
    screen.getByRole('button', { name: 'Move Waterfall up' }).focus();
    await user.tab();
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByRole('button', { name: 'Show the Host column' })).toHaveFocus();
    expect(JSON.parse(localStorage.getItem(COLUMN_PREFS_KEY)!)).toMatchObject({
      shown: { time: false },
      order: ['time', 'status', 'method', 'host', 'path', 'type', 'size', 'duration', 'waterfall'],
    });
  });

  it('the waterfall column draws a bar per row, placed on the capture range, with words', async () => {
    const user = userEvent.setup();
    renderTable();
    expect(screen.queryAllByRole('img', { name: /^starts/ })).toHaveLength(0); // off by default
    await user.click(screen.getByRole('button', { name: /Columns/ }));
    await user.click(screen.getByRole('checkbox', { name: 'Waterfall' }));
    expect(headers()).toContain('Waterfall');
    const bar = screen.getByRole('img', { name: 'starts 5 sec in, 500 ms' });
    expect(bar.style.left).toBe('25%');
    expect(bar.style.width).toBe('2.5%');
  });

  it("with a timeline selection, the waterfall's range is the selection", async () => {
    const user = userEvent.setup();
    renderTable({ from: 1005, to: 1010 });
    await user.click(screen.getByRole('button', { name: /Columns/ }));
    await user.click(screen.getByRole('checkbox', { name: 'Waterfall' }));
    const bar = screen.getByRole('img', { name: 'starts <1 ms in, 500 ms' });
    expect(bar.style.left).toBe('0%');
    expect(bar.style.width).toBe('10%');
  });
});
