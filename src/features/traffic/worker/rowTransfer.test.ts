import { describe, expect, it } from 'vitest';
import type { FromWorker } from './protocol';
import { fromWire, packRows, toWire, unpackRows } from './rowTransfer';
import type { FlowRow } from './rows';

const row = (index: number, overrides: Partial<FlowRow> = {}): FlowRow => ({
  index,
  id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
  time: 1_700_000_000.123456 + index,
  method: 'GET',
  host: 'app.example',
  path: `/items/${index}`,
  status: 200,
  type: 'text/html',
  size: 1234,
  duration: 12.5,
  error: null,
  websocket: false,
  ...overrides,
});

/** rows with every value a row may hold at its edges */
const oddRows: FlowRow[] = [
  row(0),
  row(7, { status: null, duration: null, error: 'No response', type: '' }),
  row(3, { id: '', path: '', method: '', host: '' }),
  row(4, { status: 0, duration: 0, size: 0, time: 0 }),
  row(5, { duration: Number.NaN, size: -0, time: -1.5e-300 }),
  row(6, { websocket: true, method: 'GET', path: '/ws?x=1#frag' }),
  row(8, {
    id: 'ünïcødé-😀',
    path: '/p/😀/\u2028\u0000"\\<script>',
    host: 'xn--bcher-kva.example',
    error: '<b>not markup</b>',
  }),
  row(2_000_000_000, { status: 599, duration: 1e308, size: Number.MAX_SAFE_INTEGER }),
  row(9, { method: 'POST', error: 'upstream-down' }),
  row(10, { method: 'POST', error: 'upstream-down' }),
];

describe('rows on the wire', () => {
  it('gives back the very rows it packed, in order, nulls, NaN and -0 included', () => {
    const back = unpackRows(structuredClone(packRows(oddRows)));
    expect(back).toEqual(oddRows);
    // toEqual takes -0 for 0 and NaN for NaN; say it exactly
    expect(Object.is(back[4]!.size, -0)).toBe(true);
    expect(Number.isNaN(back[4]!.duration)).toBe(true);
    expect(back.map((r) => Object.keys(r))).toEqual(oddRows.map((r) => Object.keys(r)));
  });

  it('keeps each distinct method, host, type and error once', () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      row(i, { method: i % 2 ? 'GET' : 'POST', error: i % 3 ? null : 'No response' }),
    );
    const packed = packRows(many);
    expect([...packed.names].sort()).toEqual(
      ['GET', 'No response', 'POST', 'app.example', 'text/html'].sort(),
    );
    expect(unpackRows(packed)).toEqual(many);
  });

  it('packs nothing to nothing', () => {
    expect(unpackRows(structuredClone(packRows([])))).toEqual([]);
  });

  it('sends a rows message packed, its columns transferred, and the page reads the same message', () => {
    const message: FromWorker = {
      type: 'rows',
      loadId: 3,
      reset: true,
      added: oddRows.slice(0, 6),
      updated: oddRows.slice(6),
      done: false,
      truncated: false,
      warnings: ['one'],
      cursor: 'c1',
    };
    const wire = toWire(message);
    expect(wire.message.type).toBe('packed-rows');
    // every column's buffer is transferred, each once
    expect(wire.transfer.length).toBe(24);
    expect(new Set(wire.transfer).size).toBe(24);
    const arrived = structuredClone(wire.message, { transfer: wire.transfer });
    expect(fromWire(arrived)).toEqual(message);
  });

  it('leaves every other message as it is', () => {
    const view: FromWorker = {
      type: 'view',
      seq: 1,
      indices: new Int32Array([2, 1]),
      total: 2,
      error: null,
      filter: '',
      workerMs: 1,
    };
    expect(toWire(view)).toEqual({ message: view, transfer: [] });
    expect(fromWire(view)).toBe(view);
  });
});
