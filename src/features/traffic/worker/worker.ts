/// <reference lib="webworker" />
/**
 * The traffic worker: decodes, JSON-parses and validates captures off the
 * main thread (streamed as they download), keeps the full flows, filters and
 * sorts them, and answers the view with row summaries, index lists and
 * single flows on demand. The logic is in `core.ts`.
 */
import { TrafficWorkerCore } from './core';
import type { ToWorker } from './protocol';
import { toWire } from './rowTransfer';

declare const self: DedicatedWorkerGlobalScope;

const core = new TrafficWorkerCore((message, transfer = []) => {
  const wire = toWire(message);
  self.postMessage(wire.message, [...transfer, ...wire.transfer]);
});

self.onmessage = (event: MessageEvent<ToWorker>) => core.handle(event.data);
