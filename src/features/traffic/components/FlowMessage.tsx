import type { FlowDetails } from '../session';
import { queryParams } from '../body/views';
import { BodyView } from './BodyView';
import { FieldTable } from './BodyContent';
import { HeadersTable } from './HeadersTable';
import { VisibleText } from './VisibleText';

/** The request or the response: its first line, headers, query parameters and body. */
export function FlowMessage({
  side,
  details,
}: {
  side: 'request' | 'response';
  details: FlowDetails;
}) {
  const { flow } = details;
  const title = side === 'request' ? 'Request' : 'Response';
  const id = `flow-${side}-title`;
  const headers = side === 'request' ? flow.request.headers : (flow.response?.headers ?? []);
  const body = side === 'request' ? details.request : details.response;
  const line =
    side === 'request'
      ? `${flow.request.method} ${flow.request.path} ${flow.request.http_version}`
      : `${flow.response?.http_version ?? ''} ${flow.response?.status_code ?? ''} ${flow.response?.reason ?? ''}`;
  const params = side === 'request' ? queryParams(flow.request.path) : [];
  return (
    <section aria-labelledby={id} className="space-y-2">
      <h3 id={id} className="font-semibold">
        {title}
      </h3>
      <p className="font-mono text-xs break-all" aria-label={`${title} line`}>
        <VisibleText text={line} />
      </p>
      <details open>
        <summary className="cursor-pointer text-sm font-medium">
          {title} headers ({headers.length})
        </summary>
        <HeadersTable caption={`${title} headers`} headers={headers} />
      </details>
      {params.length > 0 && (
        <details open>
          <summary className="cursor-pointer text-sm font-medium">
            Query parameters ({params.length})
          </summary>
          <FieldTable caption="Query parameters" fields={params} />
        </details>
      )}
      {body && (
        <div>
          <h4 className="mb-1 text-sm font-medium">{title} body</h4>
          <BodyView
            title={`${title} body`}
            body={body}
            headers={headers}
            naming={{
              method: flow.request.method,
              host: flow.request.host,
              path: flow.request.path,
              side,
            }}
          />
        </div>
      )}
    </section>
  );
}
