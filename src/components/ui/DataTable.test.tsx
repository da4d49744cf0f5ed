import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { DataTable, type Column } from './DataTable';

type File = { name: string; size: number };

const columns: Column<File>[] = [
  { header: 'Name', rowHeader: true, cell: (f) => f.name },
  { header: 'Size', cell: (f) => `${f.size} B` },
  { header: 'Download', headerHidden: true, cell: (f) => <button>Get {f.name}</button> },
];

describe('DataTable', () => {
  it('is a captioned table whose cells are named by their row and column headers', () => {
    render(
      <DataTable
        caption="Files of DEMO"
        columns={columns}
        rows={[
          { name: 'a.txt', size: 3 },
          { name: 'b.bin', size: 40 },
        ]}
        rowKey={(f) => f.name}
      />,
    );
    const table = screen.getByRole('table', { name: 'Files of DEMO' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Name', 'Size', 'Download']);
    expect(within(table).getByText('Download')).toHaveClass('sr-only');
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map((th) => th.textContent),
    ).toEqual(['a.txt', 'b.bin']);
    const second = within(table).getAllByRole('row')[2]!;
    expect(within(second).getByRole('cell', { name: '40 B' })).toBeInTheDocument();
    expect(within(second).getByRole('button', { name: 'Get b.bin' })).toBeInTheDocument();
  });

  it('can keep the whole header row for screen readers only', () => {
    render(
      <DataTable caption="Headers" columns={columns} rows={[{ name: 'x', size: 1 }]} headHidden />,
    );
    const head = screen.getAllByRole('rowgroup')[0]!;
    expect(head).toHaveClass('sr-only');
    expect(within(head).getAllByRole('columnheader')).toHaveLength(3);
  });
});
