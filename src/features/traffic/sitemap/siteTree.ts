/**
 * The site map: a tree of hosts and path segments with a flow count and a
 * status mix per node (Burp's site map), built in the worker from the row
 * summaries; and the filter expression that selects a node's flows, so
 * picking a node filters the list through the one view state.
 */
import type { FlowRow } from '../worker/rows';
import { addStatus, emptyStatusMix, type StatusMix } from '../statusMix';

export interface SiteNode {
  /** the host, or one path segment */
  name: string;
  /** host and segments from the root to this node */
  host: string;
  segments: string[];
  /** flows at this node or below */
  count: number;
  mix: StatusMix;
  children: SiteNode[];
  /** children left out (more than MAX_CHILDREN) */
  more: number;
}

export const MAX_CHILDREN = 200;

/** The path's segments, without the query or fragment (`/a/b/?x` → a, b). */
export function pathSegments(path: string): string[] {
  const end = path.search(/[?#]/);
  const bare = end < 0 ? path : path.slice(0, end);
  return bare.split('/').filter((s) => s !== '');
}

interface Building {
  node: SiteNode;
  byName: Map<string, Building>;
}

function child(parent: Building, name: string, host: string, segments: string[]): Building {
  let found = parent.byName.get(name);
  if (!found) {
    found = {
      node: { name, host, segments, count: 0, mix: emptyStatusMix(), children: [], more: 0 },
      byName: new Map(),
    };
    parent.byName.set(name, found);
  }
  return found;
}

function finish(b: Building): SiteNode {
  const children = [...b.byName.values()]
    .map(finish)
    .sort((x, y) => y.count - x.count || x.name.localeCompare(y.name));
  b.node.more = Math.max(0, children.length - MAX_CHILDREN);
  b.node.children = children.slice(0, MAX_CHILDREN);
  return b.node;
}

/** Hosts (most flows first) with their path trees. */
export function buildSiteTree(rows: readonly FlowRow[]): SiteNode[] {
  const root: Building = {
    node: {
      name: '',
      host: '',
      segments: [],
      count: 0,
      mix: emptyStatusMix(),
      children: [],
      more: 0,
    },
    byName: new Map(),
  };
  for (const row of rows) {
    let at = child(root, row.host, row.host, []);
    at.node.count++;
    addStatus(at.node.mix, row.status);
    const segments = pathSegments(row.path);
    for (let i = 0; i < segments.length; i++) {
      at = child(at, segments[i]!, row.host, segments.slice(0, i + 1));
      at.node.count++;
      addStatus(at.node.mix, row.status);
    }
  }
  return finish(root).children;
}

const regexEscape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** A quoted word of the filter language (`"` and a trailing `\` escaped). */
const quoted = (text: string) => `"${text.replace(/"/g, '\\"')}"`;

/**
 * The filter expression that selects the flows of a node: its host exactly,
 * and paths that are the node's or below it.
 */
export function siteFilter(host: string, segments: string[]): string {
  const hostPart = `~d ${quoted(`^${regexEscape(host)}$`)}`;
  if (segments.length === 0) return hostPart;
  const path = segments.map(regexEscape).join('/');
  return `${hostPart} & ~u ${quoted(`^[a-z][a-z0-9+.-]*://[^/]+/${path}(/|\\?|#|$)`)}`;
}
