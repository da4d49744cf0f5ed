import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { SafeMarkdown } from './SafeMarkdown';

describe('SafeMarkdown', () => {
  it('renders Markdown: headings, emphasis, code, lists', () => {
    render(
      <SafeMarkdown>{'## Goal\n\nFind the **flag** in `app.py`.\n\n- one\n- two'}</SafeMarkdown>,
    );
    expect(screen.getByRole('heading', { name: 'Goal' })).toBeInTheDocument();
    expect(screen.getByText('flag').tagName).toBe('STRONG');
    expect(screen.getByText('app.py').tagName).toBe('CODE');
    expect(screen.getAllByRole('listitem')).toHaveLength(2);
  });

  it('makes http(s) links real links that open safely', () => {
    render(<SafeMarkdown>{'See [the docs](https://example.com/a?b=1).'}</SafeMarkdown>);
    const link = screen.getByRole('link', { name: 'the docs' });
    expect(link).toHaveAttribute('href', 'https://example.com/a?b=1');
    expect(link).toHaveAttribute('rel', expect.stringContaining('noopener'));
  });

  it('leaves javascript:, data: and relative links as plain text', () => {
    const { container } = render(
      <SafeMarkdown>
        {
          '[click](javascript:alert(1)) [data](data:text/html,<b>x</b>) [rel](/admin) <javascript:alert(2)>'
        }
      </SafeMarkdown>,
    );
    expect(screen.queryAllByRole('link')).toHaveLength(0);
    expect(screen.getByText('click')).toBeInTheDocument();
    expect(container.querySelectorAll('[href], [src]')).toHaveLength(0);
    const attributes = Array.from(container.querySelectorAll('*')).flatMap((el) =>
      Array.from(el.attributes).map((a) => a.value),
    );
    expect(attributes.join(' ')).not.toMatch(/javascript:|data:/);
  });

  it('drops raw HTML: no script, no event handlers, no iframe', () => {
    const { container } = render(
      <SafeMarkdown>
        {
          'Hello <script>window.pwned = 1</script>\n\n<img src=x onerror="window.pwned=2">\n\n<iframe src="https://evil.example"></iframe>\n\n<b onclick="x()">bold?</b> end'
        }
      </SafeMarkdown>,
    );
    expect(container.querySelector('script, iframe, [onerror], [onclick], b')).toBeNull();
    expect((window as { pwned?: number }).pwned).toBeUndefined();
    expect(container.textContent).toContain('Hello');
    expect(container.textContent).toContain('end');
  });

  it('renders every heading level, nested emphasis, ordered lists from their start and quotes', () => {
    const { container } = render(
      <SafeMarkdown>
        {
          '# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six\n\n**bold *and italic* text** *em **strong** em*\n\n3. third\n4. fourth\n\n> quoted'
        }
      </SafeMarkdown>,
    );
    ['One', 'Two', 'Three', 'Four', 'Five', 'Six'].forEach((name, i) => {
      expect(screen.getByRole('heading', { name, level: i + 1 })).toBeInTheDocument();
    });
    expect(screen.getByText('and italic').tagName).toBe('EM');
    expect(screen.getByText('and italic').parentElement?.tagName).toBe('STRONG');
    expect(screen.getByText('strong').parentElement?.tagName).toBe('EM');
    expect(container.querySelector('ol')).toHaveAttribute('start', '3');
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'third',
      'fourth',
    ]);
    expect(container.querySelector('blockquote')).toHaveTextContent('quoted');
  });

  it('shows code blocks and code spans exactly as written, markup and references included', () => {
    const { container } = render(
      <SafeMarkdown>
        {
          'Run `a &amp; <b>x</b>`.\n\n```html\n<script>window.pwned = 3</script> &copy;\n```\n\n    indented <i>code</i>'
        }
      </SafeMarkdown>,
    );
    const blocks = Array.from(container.querySelectorAll('pre > code')).map((c) => c.textContent);
    expect(blocks).toEqual(['<script>window.pwned = 3</script> &copy;', 'indented <i>code</i>']);
    expect(screen.getByText('a &amp; <b>x</b>').tagName).toBe('CODE');
    expect(container.querySelector('script, b, i')).toBeNull();
    expect((window as { pwned?: number }).pwned).toBeUndefined();
  });

  it('decodes character references once, in text, alt text and link targets, not in code', () => {
    const { container } = render(
      <SafeMarkdown>
        {
          '&copy; &#169; &#x41; &amp;lt; &#38;amp; &nosuch; &notit; AT&T \\&copy; `&copy;` [a&amp;b](https://example.com/?x=1&amp;y=2) ![&lt;cat&gt;](https://example.com/c.png)'
        }
      </SafeMarkdown>,
    );
    const paragraph = container.querySelector('p');
    expect(paragraph?.textContent).toBe(
      '© © A &lt; &amp; &nosuch; &notit; AT&T &copy; &copy; a&b [image: <cat>]',
    );
    expect(screen.getByRole('link', { name: 'a&b' })).toHaveAttribute(
      'href',
      'https://example.com/?x=1&y=2',
    );
  });

  it('keeps links as text for every other scheme, however it is spelled', () => {
    const { container } = render(
      <SafeMarkdown>
        {
          '[a](JAVASCRIPT:alert(1)) [b](javascript&#58;alert(1)) [c](javascript&colon;alert(1)) [d](vbscript:msgbox(1)) [e](data:image/svg+xml,<svg/onload=alert(1)>) [f](#top) [g](//evil.example/x) [h](mailto:a@b.c) [i](file:///etc/passwd) <vbscript:msgbox(2)> <a@b.c> [j](<javascript:alert(3)>) ![k](javascript:alert(4))'
        }
      </SafeMarkdown>,
    );
    expect(screen.queryAllByRole('link')).toHaveLength(0);
    expect(container.querySelectorAll('[href], [src], img, svg')).toHaveLength(0);
    for (const text of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'a@b.c']) {
      expect(screen.getByText(text)).toBeInTheDocument();
    }
    expect(screen.getByText('[image: k]')).toBeInTheDocument();
  });

  it('makes autolinks and reference links real links, as written; bare URLs stay text', () => {
    render(
      <SafeMarkdown>
        {
          'See <https://example.com/a?b=1&amp;c> or [the docs][docs], [again] and [bad][evil]; https://bare.example/x\n\n[docs]: https://docs.example/start "Docs"\n[again]: http://again.example\n[evil]: javascript:alert(1)'
        }
      </SafeMarkdown>,
    );
    const links = screen.getAllByRole('link');
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['https://example.com/a?b=1&amp;c', 'https://example.com/a?b=1&amp;c'],
      ['the docs', 'https://docs.example/start'],
      ['again', 'http://again.example/'],
    ]);
    for (const link of links) {
      expect(link).toHaveAttribute('target', '_blank');
      expect(link).toHaveAttribute('rel', 'noopener noreferrer nofollow');
    }
    expect(screen.getByText('bad').tagName).toBe('SPAN');
    expect(screen.getByText(/https:\/\/bare\.example\/x/).tagName).toBe('P');
  });

  it('drops HTML blocks, comments and inline tags, keeping the Markdown around them', () => {
    const { container } = render(
      <SafeMarkdown>
        {
          'Before\n\n<div onmouseover="window.pwned = 4">\n*inside* a block\n</div>\n\n<!-- <script>window.pwned = 5</script> -->\n\n<a href="https://example.com">raw link</a> and <style>body{display:none}</style> *after*'
        }
      </SafeMarkdown>,
    );
    const markdown = container.firstElementChild;
    expect(markdown?.querySelector('div, a, style, script, [onmouseover]')).toBeNull();
    expect(container.textContent).not.toContain('inside');
    expect(container.textContent).not.toContain('<');
    expect(screen.getByText('Before')).toBeInTheDocument();
    expect(screen.getByText('after').tagName).toBe('EM');
    expect(container.textContent).toContain('raw link');
  });

  it('keeps GitHub extensions off, as before: tables and strikethrough stay text', () => {
    const { container } = render(
      <SafeMarkdown>{'| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~'}</SafeMarkdown>,
    );
    expect(container.querySelector('table, del')).toBeNull();
    expect(container.textContent).toContain('| a | b |');
    expect(container.textContent).toContain('~~gone~~');
  });

  it('shows Markdown nested too deeply for the parser as written', () => {
    const source = `${'>'.repeat(20_000)} deep`;
    const { container } = render(<SafeMarkdown>{source}</SafeMarkdown>);
    expect(container.textContent).toBe(source);
  });

  it('never loads images: shows their alt text instead', () => {
    const { container } = render(
      <SafeMarkdown>{'![a cat](https://example.com/cat.png)'}</SafeMarkdown>,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('[image: a cat]')).toBeInTheDocument();
  });

  it('shows an image inside a link as its alt text, in the link', () => {
    const { container } = render(
      <SafeMarkdown>
        {'[![a *fancy* cat](https://example.com/cat.png)](https://example.com/)'}
      </SafeMarkdown>,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('link', { name: '[image: a fancy cat]' })).toHaveAttribute(
      'href',
      'https://example.com/',
    );
  });
});
