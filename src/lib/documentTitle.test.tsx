import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { formatTitle, setAppName, setRouteTitle, useDocumentTitle } from './documentTitle';

function Page({ name }: { name: string }) {
  useDocumentTitle('Questions', name);
  return null;
}

function Loading({ name }: { name: string | null }) {
  useDocumentTitle(name);
  return null;
}

describe('document titles', () => {
  it('put the most specific part first and skip empty ones', () => {
    expect(formatTitle(['Questions', undefined, '', 'Spring CTF'], 'ctfy')).toBe(
      'Questions · Spring CTF · ctfy',
    );
  });

  it('use the route title until a page refines it, and restore it after', () => {
    setAppName('ctfy');
    setRouteTitle(['Instances', 'Spring CTF']);
    expect(document.title).toBe('Instances · Spring CTF · ctfy');
    const { rerender, unmount } = render(<Page name="Web 101" />);
    expect(document.title).toBe('Questions · Web 101 · ctfy');
    rerender(<Page name="Web 102" />);
    expect(document.title).toBe('Questions · Web 102 · ctfy');
    unmount();
    expect(document.title).toBe('Instances · Spring CTF · ctfy');
  });

  it('keep the route title while a page has nothing to say yet', () => {
    setRouteTitle(['Challenge DEMO-001', 'Spring CTF']);
    const { rerender } = render(<Loading name={null} />);
    expect(document.title).toBe('Challenge DEMO-001 · Spring CTF · ctfy');
    rerender(<Loading name="Cookie Jar Admin" />);
    expect(document.title).toBe('Cookie Jar Admin · ctfy');
  });
});
