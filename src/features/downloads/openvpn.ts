/** The engagement VPN profile: checking that what came back is one. */
export type ProfileCheck = { ok: true } | { ok: false; problem: string };

/** Is this text an OpenVPN client profile? If not, what came back instead. */
export function checkOpenVpnProfile(text: string): ProfileCheck {
  const body = text.replace(/^\ufeff/, '').trim();
  if (body === '')
    return { ok: false, problem: 'The server sent an empty file, not a VPN profile.' };
  if (/^<(!doctype|html|head|body)[\s>]/i.test(body) || /<html[\s>]/i.test(body.slice(0, 2048))) {
    return {
      ok: false,
      problem: 'The server sent a web page (HTML), not a VPN profile. Nothing was saved.',
    };
  }
  if (body.startsWith('{') || body.startsWith('[')) {
    try {
      const json: unknown = JSON.parse(body);
      const detail =
        json && typeof json === 'object' && 'detail' in json && typeof json.detail === 'string'
          ? `: “${json.detail.slice(0, 200)}”`
          : '';
      return {
        ok: false,
        problem: `The server sent JSON${detail}, not a VPN profile. Nothing was saved.`,
      };
    } catch {
      // not JSON: judged below
    }
  }
  const hasClient = /^\s*client\s*$/m.test(body);
  const hasRemote = /^\s*remote\s+\S+/m.test(body);
  if ((hasClient && hasRemote) || /<ca>/.test(body)) return { ok: true };
  return {
    ok: false,
    problem:
      'What the server sent does not look like an OpenVPN profile (no client, remote or <ca> directives). Nothing was saved.',
  };
}

export type VpnNotFoundCause = 'not-engagement' | 'not-running' | 'not-ready';

/**
 * The SDK's three 404s of `openvpn_config`, told apart by the server's
 * detail; when it says nothing we know, the profile is not ready yet (the
 * caller only asks for running engagement instances).
 */
export function vpnNotFoundCause(detail: string | undefined): VpnNotFoundCause {
  const d = (detail ?? '').toLowerCase();
  if (/not an engagement|simple[- ]mode|no vpn profile/.test(d)) return 'not-engagement';
  if (/not running|not yet running|not started/.test(d)) return 'not-running';
  return 'not-ready';
}
