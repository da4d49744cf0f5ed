import type { Key, ReactNode } from 'react';

export interface Column<Row> {
  /** the column's header, also its accessible name */
  header: string;
  /** the header is read by screen readers only (e.g. a column of buttons) */
  headerHidden?: boolean;
  /** classes of the header cell (widths go here) */
  headerClassName?: string;
  /** classes of each body cell */
  className?: string;
  /** this column names its row: a `<th scope="row">` */
  rowHeader?: boolean;
  cell: (row: Row, index: number) => ReactNode;
}

const looks = {
  /** dense rows inside a panel (headers, fields, messages) */
  compact: {
    table: 'w-full table-fixed border-collapse text-left text-xs',
    headRow: 'border-b border-slate-200 dark:border-slate-700',
    headCell: 'py-1 font-semibold',
    row: 'border-b border-slate-100 align-top dark:border-slate-800',
  },
  /** a list on a page (files) */
  list: {
    table: 'w-full',
    headRow: 'text-left text-xs tracking-wide text-slate-600 uppercase dark:text-slate-300',
    headCell: 'pb-1 font-semibold',
    row: 'border-t border-slate-200 align-top dark:border-slate-700',
  },
};

/**
 * A table of `rows` with a caption for screen readers and scoped headers:
 * what each column shows is given by `columns`.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey = (_row, index) => index,
  look = 'compact',
  headHidden = false,
  bodyClassName,
}: {
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey?: (row: Row, index: number) => Key;
  look?: keyof typeof looks;
  /** the whole header row is for screen readers only */
  headHidden?: boolean;
  bodyClassName?: string;
}) {
  const style = looks[look];
  return (
    <table className={style.table}>
      <caption className="sr-only">{caption}</caption>
      <thead className={headHidden ? 'sr-only' : undefined}>
        <tr className={headHidden ? undefined : style.headRow}>
          {columns.map((column) => (
            <th
              key={column.header}
              scope="col"
              className={headHidden ? undefined : cx(style.headCell, column.headerClassName)}
            >
              {column.headerHidden ? (
                <span className="sr-only">{column.header}</span>
              ) : (
                column.header
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className={bodyClassName}>
        {rows.map((row, index) => (
          <tr key={rowKey(row, index)} className={style.row}>
            {columns.map((column) =>
              column.rowHeader ? (
                <th key={column.header} scope="row" className={column.className}>
                  {column.cell(row, index)}
                </th>
              ) : (
                <td key={column.header} className={column.className}>
                  {column.cell(row, index)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function cx(...classes: (string | undefined)[]): string {
  return classes.filter(Boolean).join(' ');
}
