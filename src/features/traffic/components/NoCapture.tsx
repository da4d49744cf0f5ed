/**
 * `{}` from the platform: not an error. For an instance whose entrypoints are
 * all TCP (or UDP) the reason is known: only HTTP is captured. Otherwise, the
 * SDK's three reasons.
 */
export function NoCapture({ tcpOnly = false }: { tcpOnly?: boolean }) {
  if (tcpOnly) {
    return (
      <div className="rounded-md border border-slate-300 p-4 dark:border-slate-700" role="status">
        <p className="font-semibold">No capture for this instance</p>
        <p className="mt-1 text-sm">
          Its entrypoints are TCP only, and the platform captures HTTP traffic only: connections to
          TCP entrypoints are not recorded, so there is nothing to show or to follow live.
        </p>
      </div>
    );
  }
  return (
    <div className="rounded-md border border-slate-300 p-4 dark:border-slate-700" role="status">
      <p className="font-semibold">No capture for this instance</p>
      <p className="mt-1 text-sm">The platform has no traffic capture for it. That happens when:</p>
      <ul className="mt-1 list-disc pl-6 text-sm">
        <li>the capture sidecar is disabled for this challenge,</li>
        <li>the node that ran the instance is offline, or</li>
        <li>the instance never reached “running”.</li>
      </ul>
    </div>
  );
}
