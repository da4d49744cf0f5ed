import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openVpnCommand, vpnProfileFileName } from './vpnProfile';

/** The argument `openvpn` would get from the command line, as sh parses it. */
function configArgument(command: string): string {
  const fake = `sudo() { shift 2; printf '%s' "$1"; }; `;
  return execFileSync('sh', ['-c', fake + command]).toString('utf8');
}

describe('vpnProfileFileName', () => {
  it('names the file from the challenge and the instance id prefix', () => {
    expect(vpnProfileFileName('DEMO-002', '3f9c2a71-88aa-4b1e')).toBe('DEMO-002-3f9c2a71.ovpn');
  });

  it('is safe to save whatever the ids hold', () => {
    expect(vpnProfileFileName('../x', 'abc')).toBe('_x-abc.ovpn');
    expect(vpnProfileFileName('a/b\\c', 'i\0d\n')).toBe('a_b_c-id.ovpn');
    expect(vpnProfileFileName('', '')).toBe('-.ovpn');
  });
});

describe('the openvpn command and the saved file agree', () => {
  it.each([
    ['XBOW-047', 'ab cd-01'],
    ['XBOW-047', "it's-01"],
    ['DEMO-002', '$(id)`id`'],
    ['ünï', 'cødé ✓'],
    ['x'.repeat(300), 'long'],
  ])('for %j / %j the command opens exactly the file Downloads saves', (challenge, id) => {
    const fileName = vpnProfileFileName(challenge, id);
    expect(configArgument(openVpnCommand(fileName))).toBe(fileName);
  });

  it('quotes a name with a space (issue 13 item 11)', () => {
    const fileName = vpnProfileFileName('XBOW-047', 'ab cd-01');
    expect(fileName).toBe('XBOW-047-ab cd-01.ovpn');
    expect(openVpnCommand(fileName)).toBe("sudo openvpn --config 'XBOW-047-ab cd-01.ovpn'");
  });
});
