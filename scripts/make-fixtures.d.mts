/** Makes fresh captures with Debian's mitmdump: the main demo capture and the hostile one. */
export function makeCaptures(): Promise<{ main: Uint8Array; hostile: Uint8Array }>;
/** The main capture only; resolves to the `.mitm` bytes. */
export function makeCapture(): Promise<Uint8Array>;
