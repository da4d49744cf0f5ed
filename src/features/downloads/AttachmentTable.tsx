import { useCallback } from 'react';
import type { Attachment } from '../../api/schemas';
import { safeFileName } from '../../lib/fileName';
import { formatBytes } from '../../lib/format';
import { DownloadControl } from './DownloadControl';
import { useDownload } from './useDownload';

export type FetchAttachment = (name: string, signal: AbortSignal) => Promise<Response>;

function AttachmentRow({
  attachment,
  fetchAttachment,
}: {
  attachment: Attachment;
  fetchAttachment: FetchAttachment;
}) {
  const { name } = attachment;
  const fetchFile = useCallback(
    (signal: AbortSignal) => fetchAttachment(name, signal),
    [fetchAttachment, name],
  );
  const download = useDownload(fetchFile, safeFileName(name));
  return (
    <tr className="border-t border-slate-200 align-top dark:border-slate-700">
      <th scope="row" className="py-2 pr-3 text-left font-mono text-sm font-normal break-all">
        {name}
        {attachment.templated && (
          <span className="ml-2 inline-block rounded-full bg-indigo-100 px-2 py-0.5 font-sans text-xs font-semibold text-indigo-900 dark:bg-indigo-900/60 dark:text-indigo-100">
            rendered for your team
          </span>
        )}
      </th>
      <td className="py-2 pr-3 text-sm whitespace-nowrap tabular-nums">
        {formatBytes(attachment.size)}
      </td>
      <td className="py-2">
        <DownloadControl
          label="Download"
          accessibleLabel={`Download ${name}`}
          state={download.state}
          onStart={() => void download.start()}
          onCancel={download.cancel}
        />
      </td>
    </tr>
  );
}

/** Attachments with name, size and templating, each with its own download. */
export function AttachmentTable({
  items,
  fetchAttachment,
  caption,
}: {
  items: readonly Attachment[];
  fetchAttachment: FetchAttachment;
  caption: string;
}) {
  return (
    <table className="w-full">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="text-left text-xs tracking-wide text-slate-600 uppercase dark:text-slate-300">
          <th scope="col" className="pb-1 font-semibold">
            Name
          </th>
          <th scope="col" className="pb-1 font-semibold">
            Size
          </th>
          <th scope="col" className="pb-1 font-semibold">
            <span className="sr-only">Download</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((a) => (
          <AttachmentRow key={a.name} attachment={a} fetchAttachment={fetchAttachment} />
        ))}
      </tbody>
    </table>
  );
}
