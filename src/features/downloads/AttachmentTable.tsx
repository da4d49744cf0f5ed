import { useCallback, useMemo } from 'react';
import { DataTable, type Column } from '../../components/ui/DataTable';
import type { Attachment } from '@shared/schemas';
import { safeFileName } from '../../lib/fileName';
import { formatBytes } from '@shared/format';
import { DownloadControl } from './DownloadControl';
import { useDownload } from './useDownload';

export type FetchAttachment = (name: string, signal: AbortSignal) => Promise<Response>;

function AttachmentDownload({
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
    <DownloadControl
      label="Download"
      accessibleLabel={`Download ${name}`}
      state={download.state}
      onStart={() => void download.start()}
      onCancel={download.cancel}
    />
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
  const columns = useMemo<Column<Attachment>[]>(
    () => [
      {
        header: 'Name',
        rowHeader: true,
        className: 'py-2 pr-3 text-left font-mono text-sm font-normal break-all',
        cell: (attachment) => (
          <>
            {attachment.name}
            {attachment.templated && (
              <span className="ml-2 inline-block rounded-full bg-indigo-100 px-2 py-0.5 font-sans text-xs font-semibold text-indigo-900 dark:bg-indigo-900/60 dark:text-indigo-100">
                rendered for your team
              </span>
            )}
          </>
        ),
      },
      {
        header: 'Size',
        className: 'py-2 pr-3 text-sm whitespace-nowrap tabular-nums',
        cell: (attachment) => formatBytes(attachment.size),
      },
      {
        header: 'Download',
        headerHidden: true,
        className: 'py-2',
        cell: (attachment) => (
          <AttachmentDownload attachment={attachment} fetchAttachment={fetchAttachment} />
        ),
      },
    ],
    [fetchAttachment],
  );
  return (
    <DataTable
      caption={caption}
      columns={columns}
      rows={items}
      rowKey={(attachment) => attachment.name}
      look="list"
    />
  );
}
