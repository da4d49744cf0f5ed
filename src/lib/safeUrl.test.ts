import { describe, expect, it } from 'vitest';
import { safeHttpUrl } from './safeUrl';

describe('safeHttpUrl', () => {
  it('keeps http and https URLs, normalised', () => {
    expect(safeHttpUrl('https://x.test/a')).toBe('https://x.test/a');
    expect(safeHttpUrl('HTTP://X.test')).toBe('http://x.test/');
  });
  it('refuses every other scheme, however it is spelt', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>',
      'vbscript:x',
      'file:///etc/passwd',
      '//evil.test/x',
      '/relative',
      '',
      null,
      undefined,
    ])
      expect(safeHttpUrl(bad), JSON.stringify(bad)).toBeUndefined();
  });
});
