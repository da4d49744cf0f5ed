import { describe, expect, it } from 'vitest';
import { makeFlow } from '@shared/capture/testFlows';
import { TrafficWorkerCore } from '../worker/core';
import type { FromWorker } from '../worker/protocol';
import { summarizeFlow } from '../worker/rows';
import { DisplayFacts } from './displayFacts';

const row = (index: number, over: Parameters<typeof makeFlow>[0]) =>
  summarizeFlow(makeFlow(over), index);

describe('DisplayFacts (one-value columns, found as rows pass)', () => {
  it('tells the columns with one value for every flow, from two flows on', () => {
    const facts = new DisplayFacts();
    facts.note(row(0, { host: '127.0.0.1', path: '/a', status: 200, time: 100 }), true);
    expect(facts.facts().sole).toEqual([]); // one flow: every column would be "constant"
    facts.note(row(1, { host: '127.0.0.1', path: '/b', status: 404, time: 101 }), true);
    const sole = new Map(facts.facts().sole.map((s) => [s.key, s.value]));
    expect(sole.get('host')).toBe('127.0.0.1');
    expect(sole.get('method')).toBe('GET');
    expect(sole.has('status')).toBe(false);
    expect(sole.has('time')).toBe(false);
    expect(sole.has('path' as never)).toBe(false); // a flow's name never collapses
    facts.note(row(2, { host: '10.0.0.2', time: 102 }), true);
    expect(facts.facts().sole.map((s) => s.key)).not.toContain('host');
    expect(facts.facts().count).toBe(3);
  });

  it('a changed flow is compared again; a varied column stays varied', () => {
    const facts = new DisplayFacts();
    facts.note(row(0, { status: null, time: 100 }), true);
    facts.note(row(1, { status: null, time: 101 }), true);
    expect(facts.facts().sole.map((s) => s.key)).toContain('status');
    facts.note(row(1, { status: 200, time: 101 }), false); // its response came
    expect(facts.facts().sole.map((s) => s.key)).not.toContain('status');
    expect(facts.facts().count).toBe(2);
  });

  it('spans the capture from the first start to the last end', () => {
    const facts = new DisplayFacts();
    expect(facts.facts().span).toBeNull();
    const a = { ...row(0, { time: 100 }), duration: 500 };
    const b = { ...row(1, { time: 99 }), duration: 100 };
    facts.note(a, true);
    facts.note(b, true);
    expect(facts.facts().span).toEqual({ from: 99, to: 100.5 });
  });

  it('the worker sends them with every batch of rows, and starts over with a new capture', () => {
    const messages: FromWorker[] = [];
    const core = new TrafficWorkerCore(
      (m) => messages.push(m),
      () => 0,
    );
    const load = (loadId: number, flows: unknown[]) => {
      core.handle({ type: 'stream-start', loadId, refresh: false });
      const text = `{"format":"ctfy-traffic/1","instance_id":"i1","flows":${JSON.stringify(flows)}}`;
      core.handle({ type: 'stream-chunk', loadId, bytes: new TextEncoder().encode(text).buffer });
      core.handle({ type: 'stream-end', loadId });
      const last = messages.filter((m) => m.type === 'rows').at(-1);
      return last?.type === 'rows' ? last.columns : undefined;
    };
    const first = load(1, [
      makeFlow({ host: '127.0.0.1', path: '/a' }),
      makeFlow({ host: '127.0.0.1', path: '/b' }),
    ]);
    expect(first?.count).toBe(2);
    expect(first?.sole).toContainEqual({ key: 'host', value: '127.0.0.1' });
    const second = load(2, [
      makeFlow({ host: 'a.test', path: '/a' }),
      makeFlow({ host: 'b.test', path: '/b' }),
    ]);
    expect(second?.count).toBe(2);
    expect(second?.sole.map((s) => s.key)).not.toContain('host');
  });
});
