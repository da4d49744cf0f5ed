import { gzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import type { Flow } from '../../schemas';
import { bytesBody, makeFlow, textBody } from '../testFlows';
import { FlowColumnStore } from './columnStore';
import { matchFlows } from './evaluate';
import { FilterSyntaxError, parseFilter, usesBodies, type FilterNode } from './parse';

/**
 * Flows, their filter columns and a filter, as the worker's store and the
 * platform hold them (rows in capture order; a flow seen again by id is
 * updated in place).
 */
class TrafficStore {
  private flows: Flow[] = [];
  readonly columns = new FlowColumnStore((i) => this.flows[i]!);
  filterNode: FilterNode | null = null;

  get rows(): { path: string; host: string }[] {
    return this.flows.map((f) => ({ path: f.request.path, host: f.request.host }));
  }

  ingest(raw: unknown[], start: number, end: number): { updated: Flow[] } {
    const updated: Flow[] = [];
    for (const flow of raw.slice(start, end) as Flow[]) {
      const known = this.flows.findIndex((f) => f.id === flow.id);
      const index = known >= 0 ? known : this.flows.length;
      this.flows[index] = flow;
      this.columns.set(index, flow);
      if (known >= 0) updated.push(flow);
    }
    return { updated };
  }

  setFilter(expr: string): void {
    this.filterNode = parseFilter(expr);
  }

  view(): { indices: number[] } {
    const hits = matchFlows(this.filterNode, this.columns, this.flows.length);
    const indices: number[] = [];
    hits.forEach((hit, i) => hit && indices.push(i));
    return { indices };
  }
}

function syntaxError(expr: string): FilterSyntaxError {
  try {
    parseFilter(expr);
  } catch (e) {
    if (e instanceof FilterSyntaxError) return e;
    throw e;
  }
  throw new Error(`"${expr}" parsed without error`);
}

const flows = [
  makeFlow({
    method: 'GET',
    host: 'shop.test',
    path: '/api/users?id=1',
    status: 200,
    resHeaders: [
      ['Content-Type', 'application/json'],
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
    ],
    resBody: textBody('{"name":"Alice Admin"}'),
  }),
  makeFlow({
    method: 'POST',
    host: 'shop.test',
    path: '/login',
    status: 302,
    reqHeaders: [
      ['Content-Type', 'application/x-www-form-urlencoded'],
      ['X-Token', 'secret-42'],
    ],
    reqBody: textBody('user=bob&pass=hunter2'),
  }),
  makeFlow({ method: 'GET', host: 'cdn.other.test', path: '/missing', status: 404 }),
  makeFlow({
    method: 'GET',
    host: 'shop.test',
    path: '/crash',
    status: null,
    error: 'upstream connect error',
  }),
  makeFlow({
    method: 'GET',
    host: 'shop.test',
    path: '/gzip',
    status: 200,
    resHeaders: [
      ['Content-Type', 'application/json'],
      ['Content-Encoding', 'gzip'],
    ],
    resBody: bytesBody(gzipSync(new TextEncoder().encode('{"compressed":"needle-in-gzip"}'))),
  }),
  makeFlow({
    method: 'GET',
    host: 'shop.test',
    path: '/ws',
    status: 101,
    websocket: {
      messages: [
        { from_client: true, type: 'text', content: textBody('ping-from-client'), timestamp: 1 },
      ],
    },
  }),
];

function run(expr: string): string[] {
  const store = new TrafficStore();
  store.ingest(flows, 0, flows.length);
  store.setFilter(expr);
  return Array.from(store.view().indices).map((i) => store.rows[i]!.path);
}

describe('filter language: operators', () => {
  it('matches bare text and ~u against the whole URL, case-insensitively', () => {
    expect(run('USERS')).toEqual(['/api/users?id=1']);
    expect(run('~u cdn\\.other')).toEqual(['/missing']);
    expect(run('~u ^http://shop\\.test/log')).toEqual(['/login']);
  });
  it('~m method, ~c status code, ~d domain', () => {
    expect(run('~m post')).toEqual(['/login']);
    expect(run('~c 404')).toEqual(['/missing']);
    expect(run('~d ^cdn')).toEqual(['/missing']);
  });
  it('~h, ~hq, ~hs look at header lines of either side', () => {
    expect(run('~h x-token')).toEqual(['/login']);
    expect(run('~hq "X-Token: secret"')).toEqual(['/login']);
    expect(run('~hs x-token')).toEqual([]);
    expect(run('~hs "set-cookie: b=2"')).toEqual(['/api/users?id=1']);
  });
  it('~b, ~bq, ~bs match content-decoded bodies and websocket messages', () => {
    expect(run('~b hunter2')).toEqual(['/login']);
    expect(run('~bs hunter2')).toEqual([]);
    expect(run('~bs needle-in-gzip')).toEqual(['/gzip']);
    expect(run('~bq ping-from')).toEqual(['/ws']);
    expect(run('~bs "alice admin"')).toEqual(['/api/users?id=1']);
  });
  it('~t content type, ~e error, ~q no response, ~websocket', () => {
    expect(run('~t form-urlencoded')).toEqual(['/login']);
    expect(run('~t json')).toEqual(['/api/users?id=1', '/gzip']);
    expect(run('~e')).toEqual(['/crash']);
    expect(run('~q')).toEqual(['/crash']);
    expect(run('~websocket')).toEqual(['/ws']);
    expect(run('~all').length).toBe(flows.length);
  });
});

describe('filter language: combinators and precedence', () => {
  it('! binds tighter than &, & tighter than |', () => {
    expect(run('~c 404 | ~m post & ~d shop')).toEqual(['/login', '/missing']);
    expect(run('(~c 404 | ~m post) & ~d shop')).toEqual(['/login']);
    expect(run('!~d shop')).toEqual(['/missing']);
    expect(run('!~c 200 & !~e & !~c 101')).toEqual(['/login', '/missing']);
    expect(run('!!~c 404')).toEqual(['/missing']);
  });
  it('juxtaposition means and', () => {
    expect(run('~d shop ~m get ~t json')).toEqual(['/api/users?id=1', '/gzip']);
  });
  it('quoted strings keep spaces and special characters', () => {
    // inside quotes `|` and parentheses belong to the regex, not the language
    expect(run('"(id=1)|nothing"')).toEqual(['/api/users?id=1']);
    expect(run('"users\\?id" | nothing')).toEqual(['/api/users?id=1']);
    expect(run("'id=1'")).toEqual(['/api/users?id=1']);
    expect(run('"log\\"in"')).toEqual([]);
    expect(parseFilter('"a b"')).toMatchObject({ kind: 'match', source: 'a b' });
  });
  it('empty expression matches everything', () => {
    expect(parseFilter('   ')).toBeNull();
    expect(run('').length).toBe(flows.length);
  });
  it('knows when bodies are needed', () => {
    expect(usesBodies(parseFilter('~m get | !~b x'))).toBe(true);
    expect(usesBodies(parseFilter('~m get | ~h x'))).toBe(false);
  });
});

describe('filter language: syntax errors carry positions', () => {
  it.each([
    ['~m', 2, /needs a value/],
    ['~zz foo', 0, /Unknown operator "~zz"/],
    ['~c abc', 3, /status code/],
    ['(~m get', 7, /Missing "\)"/],
    ['~m get )', 7, /Unexpected/],
    ['~u "abc', 3, /Unclosed double quote/],
    ['~u ab[c', 3, /Invalid regular expression/],
    ['foo & (bar', 10, /Missing/],
    ['~m get |', 8, /Expression expected/],
    ['!', 1, /Expression expected/],
    ['"(unclosed"', 0, /Invalid regular expression/],
  ])('%s', (expr, position, message) => {
    const e = syntaxError(expr);
    expect(e.position).toBe(position);
    expect(e.message).toMatch(message);
  });

  it('a syntax error keeps the previous filter', () => {
    const store = new TrafficStore();
    store.ingest(flows, 0, flows.length);
    store.setFilter('~c 404');
    expect(() => store.setFilter('~c (')).toThrow(FilterSyntaxError);
    expect(store.view().indices.length).toBe(1);
  });
});

describe('filter language: what the columns hold', () => {
  it('~s, ~http and ~tcp read the flow type and response', () => {
    const tcp = { ...makeFlow({ path: '/raw', status: null }), type: 'tcp' };
    const store = new TrafficStore();
    store.ingest([...flows, tcp], 0, flows.length + 1);
    const paths = (expr: string) => {
      store.setFilter(expr);
      return Array.from(store.view().indices).map((i) => store.rows[i]!.path);
    };
    expect(paths('~tcp')).toEqual(['/raw']);
    expect(paths('~http').length).toBe(flows.length);
    expect(paths('~s')).not.toContain('/crash');
    expect(paths('~s').length).toBe(flows.length - 1);
  });

  it('a flow that gets its response later is matched by its new status, method and host', () => {
    const pending = makeFlow({
      id: 'late',
      method: 'PATCH',
      host: 'late.test',
      path: '/slow',
      status: null,
    });
    const store = new TrafficStore();
    store.ingest([pending], 0, 1);
    store.setFilter('~q & ~m patch & ~d late');
    expect(store.view().indices.length).toBe(1);
    const answered = makeFlow({
      id: 'late',
      method: 'PATCH',
      host: 'late.test',
      path: '/slow',
      status: 503,
    });
    expect(store.ingest([answered], 0, 1).updated.length).toBe(1);
    expect(store.view().indices.length).toBe(0);
    store.setFilter('~c 503 & ~m ^patch$ & ~d ^late');
    expect(store.view().indices.length).toBe(1);
  });

  it('~m and ~d test each distinct name once, however many flows share it', () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      makeFlow({ method: i % 3 === 0 ? 'DELETE' : 'GET', host: `h${i % 7}.test`, path: `/${i}` }),
    );
    const store = new TrafficStore();
    store.ingest(many, 0, many.length);
    let tested = 0;
    const counting = /delete/i;
    const exec = counting.test.bind(counting);
    counting.test = (text: string) => {
      tested++;
      return exec(text);
    };
    store.filterNode = { kind: 'match', field: 'method', pattern: counting, source: 'delete' };
    expect(store.view().indices.length).toBe(100);
    expect(tested).toBe(2); // DELETE and GET
    store.setFilter('~d ^h3\\.');
    expect(Array.from(store.view().indices).every((i) => store.rows[i]!.host === 'h3.test')).toBe(
      true,
    );
    expect(store.view().indices.length).toBe(43);
  });
});

describe('filter language: costly fields are read only where needed', () => {
  it('reads bodies only for the flows the rest of the expression leaves in question', () => {
    const store = new TrafficStore();
    store.ingest(flows, 0, flows.length);
    const reads = vi.spyOn(store.columns, 'requestBody');
    const readFor = (expr: string) => {
      reads.mockClear();
      store.setFilter(expr);
      store.view();
      return reads.mock.calls.map(([i]) => store.rows[i]!.path);
    };
    expect(readFor('~c 404 & ~bq x')).toEqual(['/missing']);
    expect(readFor('~bq x & ~c 404')).toHaveLength(flows.length);
    expect(readFor('~c 404 | ~bq x')).not.toContain('/missing');
    expect(readFor('~c 404 | ~bq x')).toHaveLength(flows.length - 1);
    expect(readFor('!~d shop & ~bq x')).toEqual(['/missing']);
    expect(readFor('~m post & (~c 500 | ~bq hunter)')).toEqual(['/login']);
  });
});
