/** Makes fresh captures with Debian's mitmdump: the main demo capture and the hostile one. */
export function makeCaptures(): Promise<{ main: Uint8Array; hostile: Uint8Array }>;
/** The main capture only; resolves to the `.mitm` bytes. */
export function makeCapture(): Promise<Uint8Array>;
/** A realistic capture: `count` real mitmdump flows with bodies of 100 B to 4 KB. */
export function makeRealisticCapture(count?: number): Promise<Uint8Array>;
