import type { Flow } from '@shared/schemas';
import { DataTable, type Column } from '../../../components/ui/DataTable';
import { bodyToBytes } from '@shared/capture';
import { decodeText, looksBinary } from '@shared/capture/decode';
import { hexDumpLines } from '../body/views';
import { formatClock, formatSize } from './columns';
import { VisibleText } from './VisibleText';

type WebSocketData = NonNullable<Flow['websocket']>;

const messageColumns: Column<WebSocketData['messages'][number]>[] = [
  {
    header: 'Direction',
    headerClassName: 'w-24',
    className: 'py-0.5',
    cell: (m) => (
      <>
        <span aria-hidden="true">{m.from_client ? '↑ ' : '↓ '}</span>
        {m.from_client ? 'Sent' : 'Received'}
      </>
    ),
  },
  { header: 'Type', headerClassName: 'w-14', className: 'py-0.5', cell: (m) => m.type },
  {
    header: 'Time',
    headerClassName: 'w-24',
    className: 'py-0.5 font-mono tabular-nums',
    cell: (m) => formatClock(m.timestamp),
  },
  {
    header: 'Content',
    className: 'py-0.5 font-mono break-all whitespace-pre-wrap',
    cell: (m) => <MessageContent content={m.content} binaryType={m.type === 'binary'} />,
  },
];

function MessageContent({
  content,
  binaryType,
}: {
  content: WebSocketData['messages'][number]['content'];
  binaryType: boolean;
}) {
  const bytes = bodyToBytes(content);
  const binary = binaryType || looksBinary(bytes, undefined);
  return (
    <>
      {binary ? (
        hexDumpLines(bytes, 1024).join('\n')
      ) : (
        <VisibleText text={decodeText(bytes, undefined).text} />
      )}
      {content.truncated && (
        <span className="ml-1 text-amber-900 dark:text-amber-200">
          (truncated, {formatSize(content.size)})
        </span>
      )}
    </>
  );
}

/** The messages of a WebSocket flow: direction, type, time, content (text only). */
export function WebSocketMessages({ websocket }: { websocket: WebSocketData }) {
  return (
    <div className="space-y-2">
      {websocket.close_code !== null && websocket.close_code !== undefined && (
        <p className="text-sm">
          Closed with code {websocket.close_code}
          {websocket.close_reason ? (
            <>
              : <VisibleText text={websocket.close_reason} />
            </>
          ) : null}
        </p>
      )}
      {websocket.messages.length === 0 ? (
        <p className="text-sm">No messages.</p>
      ) : (
        <DataTable
          caption="WebSocket messages"
          columns={messageColumns}
          rows={websocket.messages}
        />
      )}
    </div>
  );
}
