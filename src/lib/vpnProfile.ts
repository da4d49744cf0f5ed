/**
 * The engagement VPN profile's file name and the command that uses it: one
 * rule for the Overview's `openvpn` line and the file Downloads saves, so the
 * command names the file the user has.
 */
import { safeFileName } from './fileName';
import { shellQuote } from './shellQuote';

/** `<challenge>-<first 8 characters of the instance id>.ovpn`, made safe to save. */
export function vpnProfileFileName(challengeId: string, instanceId: string): string {
  return safeFileName(`${challengeId}-${instanceId.slice(0, 8)}.ovpn`, 'profile.ovpn');
}

/** `sudo openvpn --config <file>`, the file name quoted for a POSIX shell. */
export function openVpnCommand(fileName: string): string {
  return `sudo openvpn --config ${shellQuote(fileName)}`;
}
