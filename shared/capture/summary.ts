/**
 * A flow's summary: the flow as the traffic list needs it, without what
 * makes it big. Same shape as the flow (so the same schema and code read
 * both), with header lists cut to `Content-Type`, bodies to their size
 * (`data: ""`, `omitted: true`), WebSocket messages and the peers' addresses
 * left out. The
 * local platform keeps one per flow of a capture and streams them on
 * request (`?view=summary`, an extension); the full flow is asked for when
 * a row is opened.
 *
 * Works on whatever a capture line holds (an unchecked object): fields are
 * copied as they are, only the big ones are cut, so a summary is as valid
 * as its flow.
 */
type Loose = Record<string, unknown>;

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function contentTypeOnly(headers: unknown): unknown {
  if (!Array.isArray(headers)) return headers;
  return headers.filter(
    (h) => Array.isArray(h) && typeof h[0] === 'string' && h[0].toLowerCase() === 'content-type',
  );
}

function bodyStub(body: unknown): unknown {
  if (!isObject(body)) return body;
  const stub: Loose = { encoding: 'utf-8', data: '', size: body.size, omitted: true };
  if (body.truncated != null) stub.truncated = body.truncated;
  return stub;
}

function messageSummary(message: Loose): Loose {
  return {
    ...message,
    headers: contentTypeOnly(message.headers),
    content: bodyStub(message.content),
  };
}

/** The summary of one flow (see the file's comment); the flow itself is not changed. */
export function flowSummary(flow: Loose): Loose {
  const summary: Loose = { ...flow };
  // the list shows neither address: the opened flow has them
  delete summary.client_conn;
  delete summary.server_conn;
  if (isObject(flow.request)) summary.request = messageSummary(flow.request);
  if (isObject(flow.response)) summary.response = messageSummary(flow.response);
  if (isObject(flow.websocket)) {
    const messages = flow.websocket.messages;
    summary.websocket = {
      ...flow.websocket,
      messages: [],
      message_count: Array.isArray(messages) ? messages.length : 0,
    };
  }
  return summary;
}
