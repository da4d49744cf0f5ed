import type { Flow } from '../../../api/schemas';
import { bodyToBytes } from '../../../lib/capture';
import { decodeText, looksBinary } from '../body/decode';
import { hexDumpLines } from '../body/views';
import { formatClock, formatSize } from './columns';
import { VisibleText } from './VisibleText';

type WebSocketData = NonNullable<Flow['websocket']>;

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
        <table className="w-full table-fixed border-collapse text-left text-xs">
          <caption className="sr-only">WebSocket messages</caption>
          <thead>
            <tr className="border-b border-slate-200 dark:border-slate-700">
              <th scope="col" className="w-24 py-1 font-semibold">
                Direction
              </th>
              <th scope="col" className="w-14 py-1 font-semibold">
                Type
              </th>
              <th scope="col" className="w-24 py-1 font-semibold">
                Time
              </th>
              <th scope="col" className="py-1 font-semibold">
                Content
              </th>
            </tr>
          </thead>
          <tbody>
            {websocket.messages.map((m, i) => {
              const bytes = bodyToBytes(m.content);
              const binary = m.type === 'binary' || looksBinary(bytes, undefined);
              return (
                <tr key={i} className="border-b border-slate-100 align-top dark:border-slate-800">
                  <td className="py-0.5">
                    <span aria-hidden="true">{m.from_client ? '↑ ' : '↓ '}</span>
                    {m.from_client ? 'Sent' : 'Received'}
                  </td>
                  <td className="py-0.5">{m.type}</td>
                  <td className="py-0.5 font-mono tabular-nums">{formatClock(m.timestamp)}</td>
                  <td className="py-0.5 font-mono break-all whitespace-pre-wrap">
                    {binary ? (
                      hexDumpLines(bytes, 1024).join('\n')
                    ) : (
                      <VisibleText text={decodeText(bytes, undefined).text} />
                    )}
                    {m.content.truncated && (
                      <span className="ml-1 text-amber-900 dark:text-amber-200">
                        (truncated, {formatSize(m.content.size)})
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
