import { describe, expect, it } from 'vitest';
import { decodeHtmlEntities } from './htmlEntities';

describe('decodeHtmlEntities', () => {
  it('decodes named, decimal and hexadecimal references', () => {
    expect(decodeHtmlEntities('&copy; &eacute; &#169; &#x1F600; &semi;')).toBe('© é © 😀 ;');
  });

  it('decodes once: a decoded ampersand does not start another reference', () => {
    expect(decodeHtmlEntities('&amp;lt; &amp;amp;')).toBe('&lt; &amp;');
  });

  it('keeps unknown names, legacy prefixes and references without a semicolon as written', () => {
    expect(decodeHtmlEntities('&nosuch; &notit; &copy AT&T & x')).toBe(
      '&nosuch; &notit; &copy AT&T & x',
    );
  });

  it('never turns references into markup', () => {
    expect(decodeHtmlEntities('&lt;img src=x onerror=alert(1)&gt;')).toBe(
      '<img src=x onerror=alert(1)>',
    );
  });
});
