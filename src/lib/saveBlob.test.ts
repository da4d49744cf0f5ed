import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REVOKE_AFTER_MS, saveBlob, saveData } from './saveBlob';

describe('saveBlob', () => {
  let clicked: HTMLAnchorElement[];
  let created: Blob[];
  beforeEach(() => {
    vi.useFakeTimers();
    clicked = [];
    created = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob);
      return `blob:test/${created.length}`;
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this);
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('clicks a hidden download link for the blob, leaves nothing behind, revokes the URL later', () => {
    const blob = new Blob(['hi'], { type: 'text/plain' });
    saveBlob(blob, 'notes.txt');
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toBe('notes.txt');
    expect(clicked[0]!.href).toBe('blob:test/1');
    expect(created[0]).toBe(blob);
    expect(document.querySelectorAll('a')).toHaveLength(0);
    expect(URL.revokeObjectURL).not.toHaveBeenCalled();
    vi.advanceTimersByTime(REVOKE_AFTER_MS);
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:test/1');
  });

  it('makes any name safe before it reaches the disk', () => {
    saveBlob(new Blob([]), '../../etc/passwd');
    saveBlob(new Blob([]), 'a\nb\0c\u202e.txt');
    saveBlob(new Blob([]), '', 'fallback.bin');
    expect(clicked.map((a) => a.download)).toEqual(['_.._etc_passwd', 'abc.txt', 'fallback.bin']);
  });

  it('saveData keeps bytes exactly and text as UTF-8', async () => {
    const bytes = new Uint8Array([0, 0xff, 0x80, 0x0a]);
    saveData(bytes, 'x.bin', 'application/octet-stream');
    saveData('ünï\r\n', 'x.txt', 'text/plain');
    expect(new Uint8Array(await created[0]!.arrayBuffer())).toEqual(bytes);
    expect(created[0]!.type).toBe('application/octet-stream');
    expect(Array.from(new Uint8Array(await created[1]!.arrayBuffer()))).toEqual(
      Array.from(new TextEncoder().encode('ünï\r\n')),
    );
  });
});
