/** Makes fresh captures with Debian's mitmdump: the main demo capture and the hostile one. */
export function makeCaptures(): Promise<{ main: Uint8Array; hostile: Uint8Array }>;
/** The main capture only; resolves to the `.mitm` bytes. */
export function makeCapture(): Promise<Uint8Array>;
/** A realistic capture: `count` real mitmdump flows with bodies of 100 B to 4 KB. */
export function makeRealisticCapture(count?: number): Promise<Uint8Array>;
/** A deterministic pseudo-random source in [0, 1). */
export function seeded(seed: number): () => number;
/** A body of about `size` bytes of a kind the realistic upstream serves (gzipped 40% of the time there). */
export function realisticBody(
  kind: 'html' | 'json' | 'text' | 'image',
  size: number,
  random: () => number,
): Uint8Array;
