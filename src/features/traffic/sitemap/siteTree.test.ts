import { describe, expect, it } from 'vitest';
import { makeFlow } from '@shared/capture/testFlows';
import { TrafficStore } from '../worker/store';
import { buildSiteTree, pathSegments, siteFilter, type SiteNode } from './siteTree';

const flows = [
  makeFlow({ host: 'shop.test', path: '/', status: 200 }),
  makeFlow({ host: 'shop.test', path: '/api/users?id=1', status: 200 }),
  makeFlow({ host: 'shop.test', path: '/api/users/2', status: 404 }),
  makeFlow({ host: 'shop.test', path: '/api/login', status: 302 }),
  makeFlow({ host: 'shop.test', path: '/api/users', status: null, error: 'reset' }),
  makeFlow({ host: 'shop.test', path: '/apiv2/x', status: 500 }),
  makeFlow({ host: 'shop.test', path: '/we"ird (1).php?q', status: 200 }),
  makeFlow({ host: 'cdn.test', path: '/a.js', status: 200 }),
];

function store() {
  const s = new TrafficStore();
  s.ingest(flows, 0, flows.length);
  return s;
}

const find = (nodes: SiteNode[], ...names: string[]): SiteNode => {
  let at: SiteNode | undefined;
  let list = nodes;
  for (const name of names) {
    at = list.find((n) => n.name === name);
    if (!at) throw new Error(`no node ${names.join('/')}`);
    list = at.children;
  }
  return at!;
};

describe('site map', () => {
  it('path segments leave out the query and empty parts', () => {
    expect(pathSegments('/api//users/?x=/y#z')).toEqual(['api', 'users']);
    expect(pathSegments('/')).toEqual([]);
  });

  it('hosts, then segments, with counts and status mixes (most flows first)', () => {
    const tree = buildSiteTree(store().rows);
    expect(tree.map((h) => [h.name, h.count])).toEqual([
      ['shop.test', 7],
      ['cdn.test', 1],
    ]);
    const api = find(tree, 'shop.test', 'api');
    expect(api.count).toBe(4);
    expect(api.mix).toEqual({
      info: 0,
      ok: 1,
      redirect: 1,
      clientError: 1,
      serverError: 0,
      failed: 1,
    });
    expect(api.children.map((c) => [c.name, c.count])).toEqual([
      ['users', 3],
      ['login', 1],
    ]);
    expect(find(tree, 'shop.test', 'api', 'users', '2').segments).toEqual(['api', 'users', '2']);
  });

  it("a node's filter selects exactly its flows (not /apiv2 for /api), odd names included", () => {
    const s = store();
    const tree = buildSiteTree(s.rows);
    const check = (...names: string[]) => {
      const node = find(tree, ...names);
      s.setFilter(siteFilter(node.host, node.segments));
      expect(s.view().indices.length, names.join('/')).toBe(node.count);
    };
    check('shop.test');
    check('shop.test', 'api');
    check('shop.test', 'api', 'users');
    check('shop.test', 'we"ird (1).php');
    check('cdn.test');
    s.setFilter(siteFilter('shop.test', ['api']));
    expect(Array.from(s.view().indices, (i) => s.rows[i]!.path)).not.toContain('/apiv2/x');
  });
});
