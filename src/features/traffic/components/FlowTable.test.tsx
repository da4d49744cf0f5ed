import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { summarizeFlow } from '../worker/rows';
import { makeFlow } from '@shared/capture/testFlows';
import { FlowTable } from './FlowTable';

const rows = Array.from({ length: 200 }, (_, i) =>
  summarizeFlow(makeFlow({ path: `/item/${i}`, status: i % 5 === 0 ? 404 : 200 }), i),
);
const all = Int32Array.from(rows, (r) => r.index);

function table(view: Int32Array, onSelect = vi.fn()) {
  return (
    <FlowTable
      rows={rows}
      view={view}
      selectedPosition={-1}
      sort={{ key: 'time', descending: false }}
      onSort={vi.fn()}
      onSelect={onSelect}
      onOpen={vi.fn()}
      onEscape={vi.fn()}
      label="Flows"
    />
  );
}

const bodyRows = () => screen.getAllByRole('row').slice(1); // the first is the header

describe('FlowTable', () => {
  // jsdom lays nothing out: give the scroll box the size of a small screen
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

  it('renders the first screen of the view with row positions for assistive tech', () => {
    render(table(all));
    const grid = screen.getByRole('grid', { name: 'Flows' });
    expect(grid).toHaveAttribute('aria-rowcount', '201');
    const first = bodyRows()[0]!;
    expect(first).toHaveAttribute('aria-rowindex', '2');
    expect(first).toHaveTextContent('/item/0');
    expect(bodyRows().length).toBeLessThan(60); // virtualised: not 200
  });

  it('a new view reuses the row elements instead of making new ones', () => {
    const { rerender } = render(table(all));
    const before = bodyRows();
    const notFound = all.filter((i) => rows[i]!.status === 404);
    rerender(table(notFound));
    const after = bodyRows();
    expect(after[0]).toHaveTextContent('/item/0'); // kept: it is in both views
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toHaveTextContent('/item/5');
    expect(after[1]!.getAttribute('aria-rowindex')).toBe('3');
    // every element shown now was there before, with other content
    for (const row of after) expect(before).toContain(row);
    expect(after[1]!.id).toBe('flow-row-5');
  });

  it('a click selects the flow the row shows now, not the one it showed first', () => {
    const onSelect = vi.fn();
    const { rerender } = render(table(all, onSelect));
    rerender(
      table(
        all.filter((i) => i >= 100),
        onSelect,
      ),
    );
    fireEvent.click(bodyRows()[2]!);
    expect(onSelect).toHaveBeenLastCalledWith(102, true);
  });
});
