import { forwardRef, lazy, memo, Suspense, type ReactNode } from 'react';
import { Button } from '../../../components/ui/Button';
import { LoadingRows } from '../../../components/ui/Skeleton';
import { flowUrl } from '@shared/capture/flowUrl';
import { useFlowDetails } from '../hooks/useFlowDetails';
import type { TrafficSession } from '../session';
import type { FlowRow } from '../worker/rows';
import { FlowActions } from './FlowActions';
import { FlowMessage } from './FlowMessage';
import { FlowTimings } from './FlowTimings';
import { SidePanel } from './SidePanel';
import { VisibleText } from './VisibleText';
import { WebSocketMessages } from './WebSocketMessages';

// loaded on first use: the decoders are not needed to show a flow
const DecodePanel = lazy(() => import('./DecodePanel').then((m) => ({ default: m.DecodePanel })));

interface FlowDetailsPanelProps {
  session: TrafficSession;
  row: FlowRow;
  onClose: () => void;
  /** more controls beside the copy actions (Compare) */
  extraActions?: ReactNode;
}

/** Everything about one flow: request, response (or error), WebSocket messages, timings, actions. */
export const FlowDetailsPanel = memo(
  forwardRef<HTMLHeadingElement, FlowDetailsPanelProps>(function FlowDetailsPanel(
    { session, row, onClose, extraActions },
    headingRef,
  ) {
    const state = useFlowDetails(session, row.index, row);
    return (
      <SidePanel
        ref={headingRef}
        title={
          <>
            <span className="sr-only">Flow details: </span>
            <VisibleText text={`${row.method} ${row.path}`} />
          </>
        }
        closeLabel="Close flow details"
        onClose={onClose}
        className="space-y-4"
        headingClassName="font-mono text-sm font-semibold break-all"
      >
        {state.state === 'loading' && <LoadingRows label="Loading the flow…" />}
        {state.state === 'missing' && <p role="alert">This flow is no longer in the capture.</p>}
        {state.state === 'error' && (
          <div role="alert" className="space-y-2 text-sm">
            <p>
              The flow could not be loaded: <VisibleText text={state.message} />
            </p>
            <Button size="sm" onClick={state.retry}>
              Retry
            </Button>
          </div>
        )}
        {state.state === 'ready' && (
          <>
            <p className="font-mono text-xs break-all">
              <VisibleText text={flowUrl(state.details.flow.request)} />
            </p>
            <FlowActions details={state.details} />
            {extraActions}
            {state.details.flow.error && (
              <div
                role="note"
                className="rounded-md border border-red-300 bg-red-50 p-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
              >
                <p className="font-semibold">
                  <span aria-hidden="true">⚠ </span>Error
                </p>
                <p className="break-all">
                  <VisibleText text={state.details.flow.error.msg} />
                </p>
              </div>
            )}
            <FlowMessage side="request" details={state.details} />
            {state.details.flow.response ? (
              <FlowMessage side="response" details={state.details} />
            ) : (
              <section aria-labelledby="flow-response-title">
                <h3 id="flow-response-title" className="font-semibold">
                  Response
                </h3>
                <p className="text-sm">No response was received.</p>
              </section>
            )}
            {state.details.flow.websocket && (
              <section aria-labelledby="flow-ws-title">
                <h3 id="flow-ws-title" className="mb-1 font-semibold">
                  WebSocket messages ({state.details.flow.websocket.messages.length})
                </h3>
                <WebSocketMessages websocket={state.details.flow.websocket} />
              </section>
            )}
            <FlowTimings details={state.details} />
            <Suspense fallback={<LoadingRows label="Loading Decode…" />}>
              <DecodePanel />
            </Suspense>
          </>
        )}
      </SidePanel>
    );
  }),
);
