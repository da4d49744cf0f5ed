import { useId, useState, type DragEvent, type ReactNode } from 'react';
import { CAPTURE_FILE_TYPES } from '../captureFormats';

/**
 * A file input for captures: the chosen file goes to `onFile`, and the input
 * is emptied so that choosing the same file again opens it again.
 */
export function CaptureFileInput({
  id,
  className = '',
  onFile,
}: {
  id?: string;
  className?: string;
  onFile: (file: File) => void;
}) {
  return (
    <input
      id={id}
      type="file"
      accept={CAPTURE_FILE_TYPES}
      className={`text-sm file:rounded-md file:border file:border-slate-300 file:bg-white file:px-2 file:py-1 dark:file:border-slate-600 dark:file:bg-slate-800 dark:file:text-slate-100 ${className}`}
      onChange={(e) => {
        const file = e.target.files?.[0];
        if (file) onFile(file);
        e.target.value = '';
      }}
    />
  );
}

/**
 * Picks a local capture file (`.mitm`, `.flows`, `.har`, `.json`) with a file
 * input or by dropping it anywhere on the zone. The bytes never leave the browser.
 */
export function OpenCaptureFile({
  onFile,
  children,
  label = 'Open a capture file',
}: {
  onFile: (file: File) => void;
  children?: ReactNode;
  label?: string;
}) {
  const id = useId();
  const [dragging, setDragging] = useState(false);
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) onFile(file);
  };
  return (
    <div
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      className={`rounded-md border-2 border-dashed p-3 ${
        dragging
          ? 'border-indigo-500 bg-indigo-50 dark:bg-indigo-950'
          : 'border-slate-300 dark:border-slate-600'
      }`}
    >
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <CaptureFileInput id={id} className="mt-1 block file:mr-2" onFile={onFile} />
      <p className="mt-1 text-xs text-slate-700 dark:text-slate-300">
        mitmproxy dumps (.mitm, .flows), HAR (.har) or ctfy JSON; or drop the file here. It is read
        in your browser and never uploaded.
      </p>
      {children}
    </div>
  );
}
