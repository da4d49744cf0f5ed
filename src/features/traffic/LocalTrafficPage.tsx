import { useId, useState } from 'react';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingRows } from '../../components/ui/Skeleton';
import { toVisibleString } from './body/visible';
import { CaptureFileInput, OpenCaptureFile } from './components/OpenCaptureFile';
import { TrafficViewer } from './components/TrafficViewer';
import { useTrafficSession } from './hooks/useTrafficSession';

/** `/traffic/open`: a local capture file in the same viewer, parsed in the worker, no server. */
export function LocalTrafficPage() {
  const { session, snapshot } = useTrafficSession();
  const [fileName, setFileName] = useState<string | null>(null);

  const open = (file: File) => {
    setFileName(file.name);
    session.loadFile(file, file.name);
  };

  const state = snapshot.capture.kind;
  const shownName = toVisibleString(fileName ?? 'the file');
  return (
    <div className="space-y-3">
      <h1 className="text-xl font-semibold">Open a capture</h1>
      {/* beside the file picker (which has forgotten the file) the name is in the message */}
      {fileName && (state === 'ready' || state === 'empty') && (
        <p className="text-sm">
          File: <span className="font-mono break-all">{shownName}</span>
        </p>
      )}
      {state !== 'ready' && <OpenCaptureFile onFile={open} label="Capture file" />}
      {state === 'loading' && <LoadingRows label={`Reading ${shownName}…`} fromPlatform={false} />}
      {state === 'error' && snapshot.capture.kind === 'error' && (
        <ErrorState
          title={`Cannot open ${shownName}`}
          error={new Error(snapshot.capture.message)}
        />
      )}
      {state === 'empty' && <p role="status">This capture has no flows.</p>}
      {state === 'ready' && (
        <TrafficViewer
          session={session}
          snapshot={snapshot}
          fileStem={(fileName ?? 'capture').replace(/\.[^.]+$/, '')}
          label={`Flows in ${shownName}`}
          toolbar={<OpenAnother onFile={open} />}
        />
      )}
    </div>
  );
}

function OpenAnother({ onFile }: { onFile: (file: File) => void }) {
  const id = useId();
  return (
    <label htmlFor={id} className="text-sm">
      <span className="mr-1">Open another file</span>
      <CaptureFileInput id={id} onFile={onFile} />
    </label>
  );
}
