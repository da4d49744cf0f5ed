/** Makes a fresh capture with Debian's mitmdump; resolves to the `.mitm` bytes. */
export function makeCapture(): Promise<Uint8Array>;
