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

  it('never loads images: shows their alt text instead', () => {
    const { container } = render(
      <SafeMarkdown>{'![a cat](https://example.com/cat.png)'}</SafeMarkdown>,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('[image: a cat]')).toBeInTheDocument();
  });
});
