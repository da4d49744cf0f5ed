import { describe, expect, it } from 'vitest';
import { makeFlow } from '@shared/capture/testFlows';
import { TrafficStore } from '../worker/store';
import { binAt, binRange, binTimeline, binWidth } from './bins';

const T = 1_700_000_000;
const flows = [
  makeFlow({ time: T + 0.2, status: 200 }),
  makeFlow({ time: T + 0.9, status: 404 }),
  makeFlow({ time: T + 5.1, status: 500 }),
  makeFlow({ time: T + 5.4, status: null, error: 'reset' }),
  makeFlow({ time: T + 9.95, status: 302 }),
];

function store() {
  const s = new TrafficStore();
  s.ingest(flows, 0, flows.length);
  return s;
}

describe('timeline bins', () => {
  it('picks a readable bin width for the span', () => {
    expect(binWidth(9.75, 10)).toBe(1);
    expect(binWidth(3600, 60)).toBe(60);
    expect(binWidth(0, 80)).toBe(0.001);
  });

  it('counts each flow once, in the bin of its start, by status class', () => {
    const t = binTimeline(store().rows, 10)!;
    expect(t.binSeconds).toBe(1);
    expect(t.start).toBe(T);
    expect(t.bins).toHaveLength(10);
    expect(t.bins[0]).toMatchObject({ ok: 1, clientError: 1 });
    expect(t.bins[5]).toMatchObject({ serverError: 1, failed: 1 });
    expect(t.bins[9]).toMatchObject({ redirect: 1 });
    const sum = t.bins.reduce(
      (n, b) => n + b.ok + b.redirect + b.info + b.clientError + b.serverError + b.failed,
      0,
    );
    expect(sum).toBe(flows.length);
    expect(binTimeline([], 10)).toBeNull();
  });

  it('bins map to time ranges and back', () => {
    const t = binTimeline(store().rows, 10)!;
    expect(binRange(t, 7, 5)).toEqual({ from: T + 5, to: T + 8 });
    expect(binAt(t, T + 5.5)).toBe(5);
    expect(binAt(t, T + 99)).toBe(9);
  });

  it('a time range narrows the view (with a filter too), and null clears it', () => {
    const s = store();
    s.setRange({ from: T + 5, to: T + 6 });
    expect(Array.from(s.view().indices)).toEqual([2, 3]);
    s.setFilter('~e');
    expect(Array.from(s.view().indices)).toEqual([3]);
    s.setFilter('');
    s.setRange(null);
    expect(s.view().indices).toHaveLength(flows.length);
  });
});
