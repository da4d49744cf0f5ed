import { describe, expect, it } from 'vitest';
import { decodeBody } from '@shared/capture/contentDecode';
import type { FlowDetails } from '../session';
import { bytesBody, makeFlow, textBody } from '@shared/capture/testFlows';
import { compareBodies, compareFlows, compareJson, compareText, MAX_DIFF_CHARS } from './compare';

const rowsOf = (c: ReturnType<typeof compareText>) => {
  if (!c.ok) throw new Error(c.reason);
  return c.rows.map((r) => [r.kind, r.left, r.right]);
};

function details(flow: ReturnType<typeof makeFlow>): FlowDetails {
  return {
    flow,
    request: decodeBody(flow.request.content, flow.request.headers),
    response: flow.response ? decodeBody(flow.response.content, flow.response.headers) : null,
  };
}

describe('compare: text by lines', () => {
  it('pairs a changed line, keeps same lines, and shows lines only on one side', () => {
    expect(rowsOf(compareText('a\nb\nc', 'a\nB\nc\nd'))).toEqual([
      ['same', 'a', 'a'],
      ['changed', 'b', 'B'],
      ['same', 'c', 'c'],
      ['added', null, 'd'],
    ]);
    expect(rowsOf(compareText('x\ny', 'y'))).toEqual([
      ['removed', 'x', null],
      ['same', 'y', 'y'],
    ]);
  });

  it('says identical, and refuses what is too long', () => {
    const same = compareText('one\ntwo', 'one\ntwo');
    expect(same.ok && same.identical).toBe(true);
    const long = compareText('x'.repeat(MAX_DIFF_CHARS + 1), 'y');
    expect(long).toMatchObject({ ok: false, reason: expect.stringMatching(/Too long/) });
  });
});

describe('compare: JSON structurally', () => {
  it('key order does not count; a changed value does', () => {
    const same = compareJson({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 });
    expect(same.ok && same.identical).toBe(true);
    const changed = rowsOf(
      compareJson({ role: 'player', user: 'alice' }, { user: 'bob', role: 'admin' }),
    );
    expect(changed.filter(([kind]) => kind !== 'same')).toEqual([
      ['changed', '  "role": "player",', '  "role": "admin",'],
      ['changed', '  "user": "alice"', '  "user": "bob"'],
    ]);
  });

  it('JSON bodies are compared as JSON (formatting ignored), other bodies as text', () => {
    const json = (text: string) => ({
      body: decodeBody(textBody(text), []),
      headers: [['Content-Type', 'application/json']] as [string, string][],
    });
    const r = compareBodies(json('{"b":2,"a":1}'), json('{ "a": 1,\n "b": 2 }'));
    expect(r).toMatchObject({ ok: true, identical: true, how: 'as JSON (key order ignored)' });
    const text = (t: string) => ({
      body: decodeBody(textBody(t), []),
      headers: [['Content-Type', 'text/plain']] as [string, string][],
    });
    expect(compareBodies(text('{"b":2,"a":1}'), text('{"a":1,"b":2}'))).toMatchObject({
      ok: true,
      identical: false,
      how: 'by lines',
    });
  });

  it('binary bodies: identical or "differ", never garbage lines', () => {
    const bin = (bytes: number[]) => ({
      body: decodeBody(bytesBody(new Uint8Array(bytes)), []),
      headers: [] as [string, string][],
    });
    expect(compareBodies(bin([0, 1, 2]), bin([0, 1, 2]))).toMatchObject({
      ok: true,
      identical: true,
    });
    expect(compareBodies(bin([0, 1, 2]), bin([0, 1, 3]))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/Binary bodies differ \(3 and 3 bytes\)/),
    });
  });
});

describe('compare: two flows', () => {
  it('request line, headers, status and bodies', () => {
    const a = makeFlow({
      method: 'POST',
      path: '/echo?u=alice',
      reqHeaders: [['Content-Type', 'application/json']],
      reqBody: textBody('{"user":"alice","role":"player"}'),
      status: 200,
      resHeaders: [['Content-Type', 'application/json']],
      resBody: textBody('{"user":"alice","role":"player"}'),
    });
    const b = makeFlow({
      method: 'POST',
      path: '/echo?u=bob',
      reqHeaders: [
        ['Content-Type', 'application/json'],
        ['X-Extra', '1'],
      ],
      reqBody: textBody('{"role":"admin","user":"bob"}'),
      status: null,
      error: 'upstream connect error',
    });
    const c = compareFlows(details(a), details(b));
    expect(rowsOf(c.requestLine)).toEqual([
      ['changed', 'POST /echo?u=alice HTTP/1.1', 'POST /echo?u=bob HTTP/1.1'],
    ]);
    expect(rowsOf(c.requestHeaders)).toEqual([
      ['same', 'Content-Type: application/json', 'Content-Type: application/json'],
      ['added', null, 'X-Extra: 1'],
    ]);
    expect(c.requestBody).toMatchObject({
      ok: true,
      identical: false,
      how: 'as JSON (key order ignored)',
    });
    expect(rowsOf(c.statusLine)).toEqual([
      ['changed', 'HTTP/1.1 200 OK', '(no response: upstream connect error)'],
    ]);
  });
});
