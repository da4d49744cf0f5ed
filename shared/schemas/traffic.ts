/** An instance's captured traffic (`ctfy-traffic/1`). */
import { z } from '../zod';
import { InstanceQuerySchema } from './instances';
import { extension } from './meta';

export const BodySchema = z.object({
  encoding: z.enum(['utf-8', 'base64']),
  data: z.string(),
  /** bytes on the wire (before truncation) */
  size: z.number().int().nonnegative(),
  truncated: z.boolean().nullish(),
});
export type Body = z.infer<typeof BodySchema>;

const HeaderList = z.array(z.tuple([z.string(), z.string()]));
const Address = z.tuple([z.string(), z.number()]);

export const FlowRequestSchema = z.object({
  method: z.string(),
  scheme: z.string(),
  host: z.string(),
  port: z.number().int(),
  path: z.string(),
  http_version: z.string(),
  headers: HeaderList,
  content: BodySchema.nullable(),
  timestamp_start: z.number(),
  timestamp_end: z.number().nullish(),
});
export type FlowRequest = z.infer<typeof FlowRequestSchema>;

export const FlowResponseSchema = z.object({
  status_code: z.number().int(),
  reason: z.string(),
  http_version: z.string(),
  headers: HeaderList,
  content: BodySchema.nullable(),
  timestamp_start: z.number().nullish(),
  timestamp_end: z.number().nullish(),
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
  client_conn: z.object({ peername: Address.nullish() }).nullish(),
  server_conn: z.object({ address: Address.nullish() }).nullish(),
  request: FlowRequestSchema,
  response: FlowResponseSchema.nullable(),
  error: z.object({ msg: z.string(), timestamp: z.number().nullish() }).nullable(),
  websocket: z
    .object({
      messages: z.array(WebSocketMessageSchema),
      close_code: z.number().int().nullish(),
      close_reason: z.string().nullish(),
    })
    .nullish(),
});
export type Flow = z.infer<typeof FlowSchema>;

export const TrafficCaptureSchema = z.object({
  format: z.literal('ctfy-traffic/1'),
  instance_id: z.string(),
  flows: z.array(FlowSchema),
  truncated: z.boolean().nullish(),
  /**
   * Not in the SDK (a local-platform extension other servers may lack): an
   * opaque position after the last flow sent. Passed back as `?since=`, the
   * next answer holds only flows that are new or still changing, and echoes
   * it as `since`. Without `since` in the answer, it is the whole capture.
   */
  cursor: z.string().max(1000).nullish().meta(extension('pass back as ?since= for a delta')),
  since: z.string().max(1000).nullish().meta(extension('the cursor this delta follows')),
  view: z
    .literal('summary')
    .nullish()
    .meta(
      extension(
        '"summary" when the flows are summaries (asked for with ?view=summary: bodies cut to their size, headers to Content-Type, no WebSocket messages); a server without it sends whole flows',
      ),
    ),
});
export type TrafficCapture = z.infer<typeof TrafficCaptureSchema>;

/** `{}` means "no capture"; anything else must be a ctfy-traffic/1 document. */
export const TrafficResponseSchema = z.union([
  z
    .object({})
    .strict()
    .transform(() => null),
  TrafficCaptureSchema,
]);

export const TrafficQuerySchema = InstanceQuerySchema.extend({
  /** a `cursor` of an earlier answer: send only what is new since then */
  since: z.string().max(1000).optional(),
  /** extension: `summary` sends each flow's summary (see TrafficCaptureSchema.view) */
  view: z
    .enum(['full', 'summary'])
    .optional()
    .meta(extension("'summary': each flow's summary (ignored with CTFY_EXTENSIONS=off)")),
});
