import type { FilterNode } from './parse';

/**
 * What the evaluator needs to know about one flow. Costly parts (headers as
 * text, content-decoded bodies) are functions so they are computed only when
 * an expression asks for them (and can be cached by the caller).
 */
export interface FlowFacts {
  url: string;
  method: string;
  host: string;
  status: number | null;
  hasError: boolean;
  hasResponse: boolean;
  flowType: string;
  isWebSocket: boolean;
  requestContentType(): string;
  responseContentType(): string;
  /** `name: value` lines, in order */
  requestHeaders(): string;
  responseHeaders(): string;
  /** content-decoded request body plus client→server websocket messages, as text */
  requestBody(): string;
  /** content-decoded response body plus server→client websocket messages, as text */
  responseBody(): string;
}

function test(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

export function matchFlow(node: FilterNode | null, f: FlowFacts): boolean {
  if (!node) return true;
  switch (node.kind) {
    case 'and':
      return matchFlow(node.left, f) && matchFlow(node.right, f);
    case 'or':
      return matchFlow(node.left, f) || matchFlow(node.right, f);
    case 'not':
      return !matchFlow(node.operand, f);
    case 'status':
      return f.status === node.code;
    case 'flag':
      switch (node.flag) {
        case 'error':
          return f.hasError;
        case 'noResponse':
          return !f.hasResponse;
        case 'hasResponse':
          return f.hasResponse;
        case 'http':
          return f.flowType === 'http' || f.isWebSocket;
        case 'websocket':
          return f.isWebSocket;
        case 'tcp':
          return f.flowType === 'tcp';
        case 'all':
          return true;
      }
      return false;
    case 'match': {
      const re = node.pattern;
      switch (node.field) {
        case 'url':
          return test(re, f.url);
        case 'method':
          return test(re, f.method);
        case 'domain':
          return test(re, f.host);
        case 'header':
          return test(re, f.requestHeaders()) || test(re, f.responseHeaders());
        case 'requestHeader':
          return test(re, f.requestHeaders());
        case 'responseHeader':
          return test(re, f.responseHeaders());
        case 'body':
          return test(re, f.requestBody()) || test(re, f.responseBody());
        case 'requestBody':
          return test(re, f.requestBody());
        case 'responseBody':
          return test(re, f.responseBody());
        case 'contentType':
          return test(re, f.requestContentType()) || test(re, f.responseContentType());
        case 'requestContentType':
          return test(re, f.requestContentType());
        case 'responseContentType':
          return test(re, f.responseContentType());
      }
    }
  }
  return false;
}
