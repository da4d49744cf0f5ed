import { Link } from 'react-router';
import type { Entrypoint } from '@shared/schemas';
import { CopyButton } from '../../../components/ui/CopyButton';
import { connectionSnippet, entrypointAddress, entrypointUrl } from '../../../lib/entrypoints';
import { openVpnCommand, vpnProfileFileName } from '../../../lib/vpnProfile';

/** Every entrypoint with its address, copy, an Open link (http(s) only) and a snippet. */
export function AttackSurface({
  entrypoints,
  engagement,
  challengeId,
  instanceId,
  downloadsPath,
  ended = false,
}: {
  entrypoints: Entrypoint[];
  /** The instance ended: nothing to reach any more. */
  ended?: boolean;
  engagement: boolean;
  challengeId: string;
  instanceId: string;
  downloadsPath: string;
}) {
  return (
    <section aria-labelledby="surface-title" className="space-y-3">
      <h2 id="surface-title" className="text-lg font-semibold">
        Attack surface
      </h2>
      {engagement && !ended && (
        <div className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
          <h3 className="font-medium">VPN (engagement mode)</h3>
          <p className="mt-1 text-sm">
            Get the VPN profile from the{' '}
            <Link to={downloadsPath} className="text-indigo-700 underline dark:text-indigo-300">
              Downloads tab
            </Link>
            , then connect with:
          </p>
          <Snippet
            text={openVpnCommand(vpnProfileFileName(challengeId, instanceId))}
            label="Copy the openvpn command"
          />
        </div>
      )}
      {ended ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          None any more: the instance ended.
        </p>
      ) : entrypoints.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          {engagement
            ? 'No public entrypoint: reach the targets through the VPN.'
            : 'The platform lists no entrypoint for this instance.'}
        </p>
      ) : (
        <ul className="space-y-3">
          {entrypoints.map((ep, n) => (
            <EntrypointItem key={`${ep.name}-${n}`} ep={ep} />
          ))}
        </ul>
      )}
    </section>
  );
}

function EntrypointItem({ ep }: { ep: Entrypoint }) {
  const url = entrypointUrl(ep);
  const address = entrypointAddress(ep);
  const snippet = connectionSnippet(ep);
  return (
    <li className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium break-all">{ep.name}</span>
        <span className="rounded bg-slate-100 px-1.5 text-xs uppercase dark:bg-slate-800">
          {ep.protocol}
        </span>
        <code className="break-all">{address}</code>
        <CopyButton value={address} label={`Copy the address of ${ep.name}`} />
        {url && (
          <a
            href={url}
            target="_blank"
            rel="noreferrer noopener"
            className="text-sm font-medium text-indigo-700 underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-indigo-300"
          >
            Open {ep.name}
            <span className="sr-only"> (new tab)</span>
            <span aria-hidden="true"> ↗</span>
          </a>
        )}
      </div>
      {snippet && <Snippet text={snippet} label={`Copy the command for ${ep.name}`} />}
    </li>
  );
}

function Snippet({ text, label }: { text: string; label: string }) {
  return (
    <div className="mt-2 flex items-start gap-2">
      <pre className="flex-1 overflow-x-auto rounded bg-slate-900 px-3 py-2 text-sm text-slate-50">
        <code>{text}</code>
      </pre>
      <CopyButton value={text} label={label} />
    </div>
  );
}
