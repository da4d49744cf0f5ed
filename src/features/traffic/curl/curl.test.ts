import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '@shared/capture/contentDecode';
import { bytesBody, makeFlow, textBody } from '@shared/capture/testFlows';
import { buildCurl, printfBytes } from './curl';

/** Runs a POSIX sh and returns what it printed, as bytes. */
function sh(script: string, input?: Uint8Array): Uint8Array {
  return new Uint8Array(execFileSync('sh', ['-c', script], { input }));
}

describe('printfBytes', () => {
  it('prints every byte 0..255 back exactly, NUL included', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    expect(Array.from(sh(`printf ${printfBytes(all)}`))).toEqual(Array.from(all));
  });
});

/**
 * Runs the generated command with `curl` replaced by a shell function that
 * prints its arguments NUL-separated, then the bytes it got on stdin.
 */
function runWithFakeCurl(command: string): { args: string[]; stdin: Uint8Array } {
  const fake = `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; printf 'STDIN:'; cat; }; `;
  const out = sh(fake + command, new Uint8Array(0));
  const bytes = Array.from(out);
  const marker = Array.from(new TextEncoder().encode('STDIN:'));
  let at = -1;
  for (let i = bytes.length - marker.length; i >= 0; i--) {
    if (marker.every((m, j) => bytes[i + j] === m)) {
      at = i;
      break;
    }
  }
  const argBytes = new Uint8Array(bytes.slice(0, at));
  const args = new TextDecoder().decode(argBytes).split('\0').slice(0, -1);
  return { args, stdin: new Uint8Array(bytes.slice(at + marker.length)) };
}

describe('buildCurl', () => {
  it('keeps method, URL and headers in order, skips hop-by-hop and content-length', () => {
    const flow = makeFlow({
      method: 'POST',
      host: 'target.test',
      path: "/a?x=1&y=$(id)'",
      reqHeaders: [
        ['Host', 'target.test'],
        ['X-One', "it's `id`"],
        ['Connection', 'keep-alive'],
        ['Content-Length', '5'],
        ['X-Dup', 'a'],
        ['X-Dup', 'b\nInjected: 1'],
        ['Accept-Encoding', 'gzip'],
        ['User-Agent', 'agent/1'],
      ],
      reqBody: textBody("a'b\nc"),
    });
    const { command, note } = buildCurl(
      flow,
      decodeBody(flow.request.content, flow.request.headers),
    );
    expect(note).toBeUndefined();
    const { args } = runWithFakeCurl(command);
    expect(args).toEqual([
      '-g',
      '--path-as-is',
      '-X',
      'POST',
      "http://target.test/a?x=1&y=$(id)'",
      '-H',
      "X-One: it's `id`",
      '-H',
      'X-Dup: a',
      '-H',
      'X-Dup: b\nInjected: 1',
      '-H',
      'User-Agent: agent/1',
      '--compressed',
      '--data-raw',
      "a'b\nc",
    ]);
  });

  it('pipes a body with NUL and non-UTF-8 bytes through printf, byte-identical', () => {
    const body = new Uint8Array([0, 1, 0xff, 0xfe, 0x27, 0x25, 0x5c, 0x0a, 0x41, 0x00]);
    const flow = makeFlow({ method: 'PUT', reqBody: bytesBody(body), reqHeaders: [] });
    const { command, note } = buildCurl(flow, decodeBody(flow.request.content, []));
    expect(note).toMatch(/printf/);
    const { args, stdin } = runWithFakeCurl(command);
    expect(args).toContain('--data-binary');
    expect(args).toContain('@-');
    expect(Array.from(stdin)).toEqual(Array.from(body));
  });

  it('a unicode and emoji body round-trips as --data-raw', () => {
    const text = 'ünï ✓ 🚀 \u202E $(reboot) `x` \\';
    const flow = makeFlow({ method: 'POST', reqBody: textBody(text), reqHeaders: [] });
    const { args } = runWithFakeCurl(buildCurl(flow, decodeBody(flow.request.content, [])).command);
    expect(args[args.indexOf('--data-raw') + 1]).toBe(text);
  });

  it('a NUL in the method or path is left out with a note instead of breaking the line', () => {
    const flow = makeFlow({ method: 'GE\0T', path: "/a\0b'c", reqHeaders: [] });
    const { command, note } = buildCurl(flow, null);
    const { args } = runWithFakeCurl(command);
    expect(args[args.indexOf('-X') + 1]).toBe('GET');
    expect(args.some((a) => a.endsWith("/ab'c"))).toBe(true);
    expect(note).toMatch(/NUL/);
  });
});
