import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { LazyMarkdown, preloadMarkdown } from './LazyMarkdown';

describe('LazyMarkdown', () => {
  it('renders the Markdown once the parser has loaded, never the raw HTML in it', async () => {
    const { container } = render(
      <LazyMarkdown>{'Find the **flag** <b onclick="x()">here</b>'}</LazyMarkdown>,
    );
    expect(await screen.findByText('flag', { selector: 'strong' })).toBeInTheDocument();
    expect(container.querySelector('b, [onclick]')).toBeNull();
    expect(container.textContent).toBe('Find the flag here');
  });

  it('renders Markdown at once when the parser is already here: no plain-text first paint', async () => {
    render(<LazyMarkdown>{'warm **up**'}</LazyMarkdown>);
    await screen.findByText('up', { selector: 'strong' });
    preloadMarkdown();
    render(<LazyMarkdown>{'second **text**'}</LazyMarkdown>);
    expect(screen.getByText('text', { selector: 'strong' })).toBeInTheDocument();
  });
});
