import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { decodeBody } from '@shared/capture/contentDecode';
import { HTML_PREVIEW_CSP, htmlPreviewDocument } from '../body/views';
import { bytesBody, textBody } from '@shared/capture/testFlows';
import { BodyView } from './BodyView';
import type { Headers } from '@shared/capture/decode';

const HOSTILE =
  '<html><head><meta http-equiv="refresh" content="0;url=http://evil.test/"></head><body><h1>Admin</h1><script>parent.__pwned=1</script></body></html>';
const naming = {
  method: 'GET',
  host: 'evil.test',
  path: '/admin',
  side: 'response' as const,
  index: 0,
};

function renderBody(headers: Headers, body = decodeBody(textBody(HOSTILE), headers)) {
  return render(<BodyView title="Response body" body={body} headers={headers} naming={naming} />);
}

describe('HTML preview document', () => {
  it('puts our policy first in <head>, before anything the body says', () => {
    const doc = new DOMParser().parseFromString(htmlPreviewDocument(HOSTILE), 'text/html');
    const first = doc.head.firstElementChild!;
    expect(first.getAttribute('http-equiv')).toBe('Content-Security-Policy');
    expect(first.getAttribute('content')).toBe(HTML_PREVIEW_CSP);
    expect(HTML_PREVIEW_CSP).toContain("default-src 'none'");
    expect(HTML_PREVIEW_CSP).not.toMatch(/script-src|https?:|\*/);
    // our <base target> is the first base element, so it is the one that counts
    expect(doc.querySelector('base')!.getAttribute('target')).toBe('_blank');
    // the body is still all there, as it came
    expect(doc.querySelector('h1')!.textContent).toBe('Admin');
    expect(doc.compatMode).toBe('CSS1Compat');
  });

  it('leaves out nested frames, objects and embeds (Chromium connects to a frame host before its CSP check)', () => {
    const body =
      '<p>before</p><iframe src="http://evil.test/f"></iframe><object data="http://evil.test/o"></object>' +
      '<embed src="http://evil.test/e"><iframe srcdoc="<p>x</p>"></iframe><p>after</p>';
    const srcdoc = htmlPreviewDocument(body);
    const doc = new DOMParser().parseFromString(srcdoc, 'text/html');
    expect(doc.querySelectorAll('iframe, object, embed, frame')).toHaveLength(0);
    expect(srcdoc).not.toContain('evil.test');
    expect(doc.body.textContent).toBe(
      'before[iframe not shown][object not shown][embed not shown][iframe not shown]after',
    );
    const frames = htmlPreviewDocument('<frameset><frame src="http://evil.test/x"></frameset>');
    expect(frames).not.toMatch(/<frame|evil\.test/);
  });
});

describe('BodyView rendered preview', () => {
  it('is off by default, and opens on the button into an empty sandbox with the CSP first', async () => {
    const user = userEvent.setup();
    const headers: Headers = [
      ['Content-Type', 'text/html; charset=utf-8'],
      ['Content-Encoding', 'gzip'],
    ];
    const gz = new Uint8Array(gzipSync(new TextEncoder().encode(HOSTILE)));
    const { container } = renderBody(headers, decodeBody(bytesBody(gz), headers));
    expect(container.querySelector('iframe')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Preview rendered HTML' }));
    const frame = screen.getByTitle('Rendered preview of the response body');
    expect(frame.tagName).toBe('IFRAME');
    // present and empty: every sandbox restriction applies
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('csp')).toBe(HTML_PREVIEW_CSP);
    expect(frame.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(frame.hasAttribute('src')).toBe(false);
    // the decoded body (gzip undone), after our policy
    const srcdoc = frame.getAttribute('srcdoc')!;
    expect(srcdoc).toBe(htmlPreviewDocument(HOSTILE));
    expect(srcdoc.indexOf('Content-Security-Policy')).toBeLessThan(srcdoc.indexOf('refresh'));
    expect(screen.getByRole('heading', { name: 'Rendered response body' })).toHaveFocus();
    expect(screen.queryByRole('button', { name: 'Preview rendered HTML' })).toBeNull();
  });

  it('closes on Escape or Close, and focus goes back to the button', async () => {
    const user = userEvent.setup();
    const { container } = renderBody([['Content-Type', 'text/html']]);
    await user.click(screen.getByRole('button', { name: 'Preview rendered HTML' }));
    expect(container.querySelector('iframe')).not.toBeNull();
    await user.keyboard('{Escape}');
    expect(container.querySelector('iframe')).toBeNull();
    expect(screen.getByRole('button', { name: 'Preview rendered HTML' })).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'Preview rendered HTML' }));
    await user.click(screen.getByRole('button', { name: 'Close the rendered preview' }));
    expect(container.querySelector('iframe')).toBeNull();
    expect(screen.getByRole('button', { name: 'Preview rendered HTML' })).toHaveFocus();
  });

  it('is not offered for other types, nor for a body that could not be decoded', () => {
    renderBody([['Content-Type', 'text/plain']]);
    expect(screen.queryByRole('button', { name: 'Preview rendered HTML' })).toBeNull();
    const headers: Headers = [
      ['Content-Type', 'text/html'],
      ['Content-Encoding', 'gzip'],
    ];
    renderBody(headers, decodeBody(textBody('not gzip'), headers));
    expect(screen.queryByRole('button', { name: 'Preview rendered HTML' })).toBeNull();
  });
});
