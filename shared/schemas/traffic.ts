/** An instance's captured traffic (`ctfy-traffic/1`). */
import { withMeta, z } from '../zod';
import { InstanceQuerySchema } from './instances';
import { extension } from './meta';

export const BodySchema = z.object({
  encoding: z.enum(['utf-8', 'base64']),
  data: z.string(),
  /** bytes on the wire (before truncation) */
  size: z.number().check(z.int(), z.nonnegative()),
  truncated: z.nullish(z.boolean()),
});
export type Body = z.infer<typeof BodySchema>;

const HeaderList = z.array(z.tuple([z.string(), z.string()]));
const Address = z.tuple([z.string(), z.number()]);

export const FlowRequestSchema = z.object({
  method: z.string(),
  scheme: z.string(),
  host: z.string(),
  port: z.number().check(z.int()),
  path: z.string(),
  http_version: z.string(),
  headers: HeaderList,
  content: z.nullable(BodySchema),
  timestamp_start: z.number(),
  timestamp_end: z.nullish(z.number()),
});
export type FlowRequest = z.infer<typeof FlowRequestSchema>;

export const FlowResponseSchema = z.object({
  status_code: z.number().check(z.int()),
  reason: z.string(),
  http_version: z.string(),
  headers: HeaderList,
  content: z.nullable(BodySchema),
  timestamp_start: z.nullish(z.number()),
  timestamp_end: z.nullish(z.number()),
});
export type FlowResponse = z.infer<typeof FlowResponseSchema>;

export const WebSocketMessageSchema = z.object({
  from_client: z.boolean(),
  type: z.string(), // "text" | "binary"
  content: BodySchema,
  timestamp: z.number(),
});
export type WebSocketMessage = z.infer<typeof WebSocketMessageSchema>;

export const FlowSchema = z.object({
  id: z.string(),
  type: z.string(), // "http" | "websocket" | "tcp"
  timestamp_created: z.number(),
  client_conn: z.nullish(z.object({ peername: z.nullish(Address) })),
  server_conn: z.nullish(z.object({ address: z.nullish(Address) })),
  request: FlowRequestSchema,
  response: z.nullable(FlowResponseSchema),
  error: z.nullable(z.object({ msg: z.string(), timestamp: z.nullish(z.number()) })),
  websocket: z.nullish(
    z.object({
      messages: z.array(WebSocketMessageSchema),
      close_code: z.nullish(z.number().check(z.int())),
      close_reason: z.nullish(z.string()),
    }),
  ),
});
export type Flow = z.infer<typeof FlowSchema>;

export const TrafficCaptureSchema = z.object({
  format: z.literal('ctfy-traffic/1'),
  instance_id: z.string(),
  flows: z.array(FlowSchema),
  truncated: z.nullish(z.boolean()),
  /**
   * Not in the SDK (a local-platform extension other servers may lack): an
   * opaque position after the last flow sent. Passed back as `?since=`, the
   * next answer holds only flows that are new or still changing, and echoes
   * it as `since`. Without `since` in the answer, it is the whole capture.
   */
  cursor: withMeta(
    z.nullish(z.string().check(z.maxLength(1000))),
    extension('pass back as ?since= for a delta'),
  ),
  since: withMeta(
    z.nullish(z.string().check(z.maxLength(1000))),
    extension('the cursor this delta follows'),
  ),
  view: withMeta(
    z.nullish(z.literal('summary')),
    extension(
      '"summary" when the flows are summaries (asked for with ?view=summary: bodies cut to their size, headers to Content-Type, no WebSocket messages); a server without it sends whole flows',
    ),
  ),
});
export type TrafficCapture = z.infer<typeof TrafficCaptureSchema>;

/**
 * Extension (`?view=summary&layout=rows`): a document whose flows are
 * summary rows, each a JSON array of the values `fields` names
 * (`shared/capture/summaryRows.ts`); a flow that fits no row comes as its
 * summary object. `view`, `layout` and `fields` come before `flows`. Only a
 * client that asked for rows gets them (a server without the extension
 * sends summary objects or whole flows: `TrafficCaptureSchema`).
 */
export const TrafficSummaryRowsSchema = withMeta(
  z.extend(TrafficCaptureSchema, {
    view: z.literal('summary'),
    layout: z.literal('rows'),
    fields: z.array(z.string()),
    flows: z.array(z.union([z.array(z.unknown()), FlowSchema])),
  }),
  extension(
    'with ?view=summary&layout=rows: each flow is an array of the values `fields` names (a flow that fits no row is its summary object)',
  ),
);

/** `{}` means "no capture"; anything else must be a ctfy-traffic/1 document. */
export const TrafficResponseSchema = z.union([
  z.pipe(
    z.strictObject({}),
    z.transform(() => null),
  ),
  TrafficCaptureSchema,
]);

export const TrafficQuerySchema = z.extend(InstanceQuerySchema, {
  /** a `cursor` of an earlier answer: send only what is new since then */
  since: z.optional(z.string().check(z.maxLength(1000))),
  /** extension: `summary` sends each flow's summary (see TrafficCaptureSchema.view) */
  view: withMeta(
    z.optional(z.enum(['full', 'summary'])),
    extension("'summary': each flow's summary (ignored with CTFY_EXTENSIONS=off)"),
  ),
  /** extension: with `view=summary`, `rows` sends each summary as an array (see TrafficSummaryRowsSchema) */
  layout: withMeta(
    z.optional(z.enum(['rows'])),
    extension(
      "with view=summary, 'rows': each summary as an array of the values the document's `fields` names, said by `layout: \"rows\"` before the flows (ignored with CTFY_EXTENSIONS=off)",
    ),
  ),
});
