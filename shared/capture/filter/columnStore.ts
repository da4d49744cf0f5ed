/**
 * The filter columns of a capture, filled flow by flow as the worker reads
 * it: cheap facts as columns of small integers, the URLs as folded text, and
 * headers and bodies as text on demand (cached until the flow changes).
 */
import type { Flow } from '../../schemas';
import { flowUrl } from '../flowUrl';
import { decodeBody } from '../contentDecode';
import { decodeText, headerValue, parseContentType } from '../decode';
import { FLOW_FLAG, NO_STATUS, type FlowColumns } from './columns';
import { NumberedNames } from './numberedNames';
import { UrlText } from './urlText';

function flagsOf(flow: Flow): number {
  return (
    (flow.error ? FLOW_FLAG.error : 0) |
    (flow.response ? FLOW_FLAG.response : 0) |
    (flow.websocket ? FLOW_FLAG.websocket : 0) |
    (flow.type === 'http' ? FLOW_FLAG.http : 0) |
    (flow.type === 'tcp' ? FLOW_FLAG.tcp : 0)
  );
}

const joinHeaders = (h: [string, string][] | undefined) =>
  (h ?? []).map(([k, v]) => `${k}: ${v}`).join('\n');

const bodyText = (headers: [string, string][], decoded: Uint8Array) =>
  decodeText(decoded, parseContentType(headerValue(headers, 'content-type')).charset).text;

export class FlowColumnStore implements FlowColumns {
  /** the flows' URLs, flattened */
  readonly urls: string[] = [];
  /** the URLs again, case-folded in blocks of text (for plain-text filters) */
  private readonly urlText = new UrlText();
  readonly flags: number[] = [];
  readonly statuses: number[] = [];
  readonly methods = new NumberedNames();
  readonly hosts = new NumberedNames();
  private readonly headerCache = new Map<number, [string, string]>();
  private readonly bodyCache = new Map<number, [string, string]>();

  /** `flowAt` reads the flow the columns describe (the store keeps the flows). */
  constructor(private readonly flowAt: (index: number) => Flow) {}

  /** Sets the columns of the flow at `index`: the next one, or a known one that changed. */
  set(index: number, flow: Flow): void {
    const url = flowUrl(flow.request);
    this.urls[index] = url;
    // folding reads the URL with a regular expression, which also flattens the
    // concatenated string in place: the first regex filter over 100,000 URLs
    // would otherwise pay for that (several times the cost of the next ones)
    this.urlText.set(index, url);
    this.flags[index] = flagsOf(flow);
    this.statuses[index] = flow.response?.status_code ?? NO_STATUS;
    this.methods.set(index, flow.request.method);
    this.hosts.set(index, flow.request.host);
    this.headerCache.delete(index);
    this.bodyCache.delete(index);
  }

  findInUrls(text: string, hits: Uint8Array): void {
    this.urlText.find(text, hits);
  }

  requestContentType(index: number): string {
    return headerValue(this.flowAt(index).request.headers, 'content-type') ?? '';
  }

  responseContentType(index: number): string {
    const res = this.flowAt(index).response;
    return res ? (headerValue(res.headers, 'content-type') ?? '') : '';
  }

  requestHeaders(index: number): string {
    return this.headers(index)[0];
  }

  responseHeaders(index: number): string {
    return this.headers(index)[1];
  }

  requestBody(index: number): string {
    return this.bodies(index)[0];
  }

  responseBody(index: number): string {
    return this.bodies(index)[1];
  }

  private headers(index: number): [string, string] {
    let cached = this.headerCache.get(index);
    if (!cached) {
      const flow = this.flowAt(index);
      cached = [joinHeaders(flow.request.headers), joinHeaders(flow.response?.headers)];
      this.headerCache.set(index, cached);
    }
    return cached;
  }

  private bodies(index: number): [string, string] {
    let cached = this.bodyCache.get(index);
    if (!cached) {
      const flow = this.flowAt(index);
      const req = decodeBody(flow.request.content, flow.request.headers);
      const res = flow.response ? decodeBody(flow.response.content, flow.response.headers) : null;
      let reqText = bodyText(flow.request.headers, req.decoded);
      let resText = res && flow.response ? bodyText(flow.response.headers, res.decoded) : '';
      for (const m of flow.websocket?.messages ?? []) {
        const text = new TextDecoder().decode(decodeBody(m.content, []).decoded);
        if (m.from_client) reqText += `\n${text}`;
        else resText += `\n${text}`;
      }
      cached = [reqText, resText];
      this.bodyCache.set(index, cached);
    }
    return cached;
  }
}
