import { DataTable, type Column } from '../../../components/ui/DataTable';
import type { Headers } from '@shared/capture/decode';
import { VisibleText } from './VisibleText';

const columns: Column<[string, string]>[] = [
  {
    header: 'Name',
    rowHeader: true,
    className: 'w-1/3 py-0.5 pr-2 font-semibold break-all text-slate-700 dark:text-slate-300',
    cell: ([name]) => <VisibleText text={name} />,
  },
  {
    header: 'Value',
    className: 'py-0.5 break-all whitespace-pre-wrap',
    cell: ([, value]) => <VisibleText text={value} />,
  },
];

/** Headers in their captured order, duplicates kept. */
export function HeadersTable({ caption, headers }: { caption: string; headers: Headers }) {
  if (headers.length === 0)
    return <p className="text-sm text-slate-600 dark:text-slate-400">No headers.</p>;
  return (
    <DataTable
      caption={caption}
      columns={columns}
      rows={headers}
      headHidden
      bodyClassName="font-mono"
    />
  );
}
