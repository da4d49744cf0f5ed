import { useId, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { CAPTURE_FILE_TYPES } from '../captureFormats';

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
  const input = useRef<HTMLInputElement>(null);
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
      <input
        ref={input}
        id={id}
        type="file"
        accept={CAPTURE_FILE_TYPES}
        className="mt-1 block text-sm file:mr-2 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-2 file:py-1 dark:file:border-slate-600 dark:file:bg-slate-800 dark:file:text-slate-100"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          e.target.value = '';
        }}
      />
      <p className="mt-1 text-xs text-slate-700 dark:text-slate-300">
        mitmproxy dumps (.mitm, .flows), HAR (.har) or ctfy JSON; or drop the file here. It is read
        in your browser and never uploaded.
      </p>
      {children}
    </div>
  );
}
