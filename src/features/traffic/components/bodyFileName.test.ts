import { describe, expect, it } from 'vitest';
import { safeFileName } from '../../../lib/fileName';
import { bodyFileName, type BodyFileNaming } from './bodyFileName';

const get = (over: Partial<BodyFileNaming> = {}): BodyFileNaming => ({
  method: 'GET',
  host: 'target.test',
  path: '/api/users/42?x=1#top',
  side: 'response',
  ...over,
});

describe('bodyFileName (issue 13 item 13)', () => {
  it('names the body from method, host and path with an extension from its type', () => {
    expect(bodyFileName(get(), 'application/json; charset=utf-8')).toBe(
      'GET-target.test-api_users_42-response.json',
    );
    expect(
      bodyFileName(get({ method: 'post', path: '/login', side: 'request' }), 'text/plain'),
    ).toBe('POST-target.test-login-request.txt');
    expect(bodyFileName(get({ path: '/' }), 'text/html')).toBe('GET-target.test-response.html.txt');
    expect(bodyFileName(get(), undefined)).toBe('GET-target.test-api_users_42-response.bin');
  });

  it('is not the flow id', () => {
    const name = bodyFileName(get({ path: '/' }), 'image/png');
    expect(name).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(name).toBe('GET-target.test-response.png');
  });

  it('marks bytes saved still content-encoded', () => {
    expect(bodyFileName(get(), 'application/json', ['gzip'])).toBe(
      'GET-target.test-api_users_42-response.json.gz',
    );
    expect(bodyFileName(get(), 'application/json', ['br'])).toBe(
      'GET-target.test-api_users_42-response.json.br',
    );
    expect(bodyFileName(get(), 'application/json', ['deflate', 'gzip'])).toBe(
      'GET-target.test-api_users_42-response.bin',
    );
    expect(bodyFileName(get(), 'application/json', ['__proto__'])).toBe(
      'GET-target.test-api_users_42-response.bin',
    );
  });

  it('never lets a hostile path, host or method leave the download folder', () => {
    const hostile = bodyFileName(
      get({
        method: 'GET\r\n/..',
        host: '..\\..\\evil',
        path: '/%2e%2e%2f%2e%2e%2fetc%2fpasswd/..%5c..%5cwin.ini/\u202egnp.exe/%ZZ',
      }),
      'text/plain',
    );
    const saved = safeFileName(hostile);
    expect(saved).not.toMatch(/[/\\\0\r\n\u202e]/);
    expect(saved.endsWith('.txt')).toBe(true);
  });

  it('keeps the name short enough to save whatever the path', () => {
    const name = bodyFileName(get({ path: `/${'😀'.repeat(500)}` }), 'application/json');
    const saved = safeFileName(name);
    expect(new TextEncoder().encode(saved).length).toBeLessThanOrEqual(200);
    expect(saved.endsWith('-response.json')).toBe(true);
    expect(saved).not.toMatch(/[\ud800-\udbff]$/);
  });
});
