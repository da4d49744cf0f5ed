import type { Headers } from '../body/decode';
import { VisibleText } from './VisibleText';

/** Headers in their captured order, duplicates kept. */
export function HeadersTable({ caption, headers }: { caption: string; headers: Headers }) {
  if (headers.length === 0)
    return <p className="text-sm text-slate-600 dark:text-slate-400">No headers.</p>;
  return (
    <table className="w-full table-fixed border-collapse text-left text-xs">
      <caption className="sr-only">{caption}</caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody className="font-mono">
        {headers.map(([name, value], i) => (
          <tr key={i} className="border-b border-slate-100 align-top dark:border-slate-800">
            <th
              scope="row"
              className="w-1/3 py-0.5 pr-2 font-semibold break-all text-slate-700 dark:text-slate-300"
            >
              <VisibleText text={name} />
            </th>
            <td className="py-0.5 break-all whitespace-pre-wrap">
              <VisibleText text={value} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
