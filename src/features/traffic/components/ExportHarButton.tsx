import { useState } from 'react';
import { Button } from '../../../components/ui/Button';
import type { TrafficSession } from '../session';
import { formatCount } from '@shared/format';
import { saveBlob } from '../../../lib/saveBlob';

/** Exports the flows currently shown (the filter applies) as a HAR 1.2 file. */
export function ExportHarButton({
  session,
  view,
  filtered,
  fileStem,
}: {
  session: TrafficSession;
  view: Int32Array | null;
  filtered: boolean;
  fileStem: string;
}) {
  const [state, setState] = useState<{ busy: boolean; message: string }>({
    busy: false,
    message: '',
  });
  const count = view?.length ?? 0;
  return (
    <div className="flex items-center gap-2">
      <Button
        size="sm"
        disabled={state.busy || count === 0}
        onClick={() => {
          setState({ busy: true, message: 'Preparing the HAR file…' });
          session.exportHar(filtered ? view : null).then(
            ({ blob, count: n }) => {
              saveBlob(blob, `${fileStem || 'traffic'}.har`);
              setState({ busy: false, message: `Exported ${formatCount(n, 'flow')} as HAR.` });
            },
            (e: unknown) =>
              setState({
                busy: false,
                message: `HAR export failed: ${e instanceof Error ? e.message : String(e)}`,
              }),
          );
        }}
      >
        {filtered ? `Export the ${formatCount(count, 'shown flow')} as HAR` : 'Export as HAR'}
      </Button>
      <span role="status" className="text-sm">
        {state.message}
      </span>
    </div>
  );
}
