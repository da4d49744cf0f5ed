import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { AttackSurface } from './AttackSurface';

describe('launch page AttackSurface', () => {
  it('quotes the nc host like the instance page does (issue 13 item 11)', () => {
    render(
      <AttackSurface
        entrypoints={[
          { name: 'plain', protocol: 'tcp', host: '127.0.0.1', port: 31337 },
          { name: 'hostile', protocol: 'tcp', host: "x;touch /tmp/p'wn", port: 1 },
        ]}
      />,
    );
    expect(screen.getByText('nc 127.0.0.1 31337')).toBeInTheDocument();
    expect(screen.getByText(`nc 'x;touch /tmp/p'\\''wn' 1`)).toBeInTheDocument();
  });
});
