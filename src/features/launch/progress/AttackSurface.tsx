import type { Entrypoint, Network } from '../../../api';
import { CopyButton } from '../../../components/ui/CopyButton';
import { safeHttpUrl } from '../../../lib/safeUrl';
import { canBeShellWord, shellQuote } from '../../../lib/shellQuote';

function addressOf(e: Entrypoint): string {
  const host = e.host.includes(':') ? `[${e.host}]` : e.host;
  return `${host}:${e.port}`;
}

function urlOf(e: Entrypoint): string | undefined {
  if (e.url) return safeHttpUrl(e.url);
  if (e.protocol === 'http' || e.protocol === 'https') {
    return safeHttpUrl(`${e.protocol}://${addressOf(e)}/`);
  }
  return undefined;
}

function EntrypointRow({ entrypoint }: { entrypoint: Entrypoint }) {
  const url = urlOf(entrypoint);
  const address = addressOf(entrypoint);
  const command =
    entrypoint.protocol === 'tcp' && canBeShellWord(entrypoint.host)
      ? `nc ${shellQuote(entrypoint.host)} ${entrypoint.port}`
      : null;
  return (
    <li className="flex flex-wrap items-center gap-2 py-2">
      <span className="font-medium">{entrypoint.name}</span>
      <span className="rounded bg-slate-100 px-1.5 text-xs uppercase dark:bg-slate-800">
        {entrypoint.protocol}
      </span>
      {url ? (
        <a
          href={url}
          target="_blank"
          rel="noopener noreferrer"
          className="font-mono break-all text-indigo-700 underline dark:text-indigo-300"
        >
          {url}
        </a>
      ) : (
        <code className="font-mono break-all">{command ?? address}</code>
      )}
      <CopyButton value={url ?? command ?? address} label={`Copy ${entrypoint.name} address`} />
    </li>
  );
}

/** Where to attack: each entrypoint with a copy button; http(s) ones as links. */
export function AttackSurface({
  entrypoints,
  network,
}: {
  entrypoints: readonly Entrypoint[];
  network?: Network | null | undefined;
}) {
  return (
    <div>
      <h3 className="font-semibold">Attack surface</h3>
      {entrypoints.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          {network?.topology === 'engagement'
            ? 'Engagement mode: connect with the VPN profile (Downloads tab) to reach the network.'
            : 'This instance exposes no entrypoint.'}
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-700">
          {entrypoints.map((e) => (
            <EntrypointRow key={`${e.name}-${e.host}-${e.port}`} entrypoint={e} />
          ))}
        </ul>
      )}
      {network?.subnet && (
        <p className="mt-1 text-sm">
          Network: <code className="font-mono">{network.subnet}</code>
        </p>
      )}
    </div>
  );
}
