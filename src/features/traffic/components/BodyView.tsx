import { useEffect, useMemo, useRef, useState } from 'react';
import { Button } from '../../../components/ui/Button';
import {
  decodeText,
  parseContentType,
  type DecodedBody,
  type Headers,
} from '@shared/capture/decode';
import { classifyBody, imageDataUrl, isHtmlType, type BodyKind } from '../body/views';
import { formatSize } from './columns';
import { BodyContent } from './BodyContent';
import { HtmlPreview } from './HtmlPreview';
import { saveData } from '../../../lib/saveBlob';
import { bodyFileName, type BodyFileNaming } from './bodyFileName';

/** Bodies bigger than this show their first part and a "Show all". */
export const PREVIEW_BYTES = 64 * 1024;

type Mode = 'auto' | 'text' | 'hex';

interface BodyViewProps {
  title: string;
  body: DecodedBody;
  headers: Headers;
  /** what the body belongs to: its download is named from it */
  naming: BodyFileNaming;
}

/** One body: decoding notes, a view picker, the content, and a download. */
export function BodyView({ title, body, headers, naming }: BodyViewProps) {
  const [mode, setMode] = useState<Mode>('auto');
  const [showAll, setShowAll] = useState(false);
  const [raw, setRaw] = useState(false);
  const contentType = headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  const ct = parseContentType(contentType);
  const bytes = raw ? body.raw : body.decoded;
  const kind: BodyKind = useMemo(() => classifyBody(bytes, ct), [bytes, ct.mime, ct.charset]); // eslint-disable-line react-hooks/exhaustive-deps
  const effective: BodyKind | 'hex' = mode === 'hex' ? 'hex' : mode === 'text' ? 'text' : kind;
  const big = bytes.length > PREVIEW_BYTES && effective !== 'image';
  const shown = big && !showAll ? bytes.subarray(0, PREVIEW_BYTES) : bytes;
  const charset = decodeText(new Uint8Array(0), ct.charset).charset;
  // the rendered preview: off until asked, always of the decoded body
  const [previewOpen, setPreviewOpen] = useState(false);
  const previewButton = useRef<HTMLButtonElement>(null);
  const canPreview = isHtmlType(ct.mime) && !body.error && body.decoded.length > 0;
  const previewHtml = useMemo(
    () => (previewOpen && canPreview ? decodeText(body.decoded, ct.charset).text : null),
    [previewOpen, canPreview, body.decoded, ct.charset],
  );
  const refocusButton = useRef(false);
  const closePreview = () => {
    refocusButton.current = true;
    setPreviewOpen(false);
  };
  // closed: focus goes back to the button that opened it (rendered again now)
  useEffect(() => {
    if (!previewOpen && refocusButton.current) {
      refocusButton.current = false;
      previewButton.current?.focus();
    }
  }, [previewOpen]);

  if (body.raw.length === 0 && body.wireSize === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">No body.</p>;
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <label className="flex items-center gap-1">
          <span>Show {title.toLowerCase()} as</span>
          <select
            value={mode}
            onChange={(e) => setMode(e.target.value as Mode)}
            className="rounded-md border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-600 dark:bg-slate-900"
          >
            <option value="auto">{autoLabel(kind)}</option>
            <option value="text">Text ({charset})</option>
            <option value="hex">Hex dump</option>
          </select>
        </label>
        {body.codings.length > 0 && (
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} />
            Raw (still {body.codings.join(', ')})
          </label>
        )}
        <Button
          size="sm"
          onClick={() =>
            saveData(
              bytes,
              bodyFileName(naming, contentType, raw ? body.codings : []),
              'application/octet-stream',
            )
          }
        >
          Download {title.toLowerCase()}
        </Button>
        {canPreview && !previewOpen && (
          <Button ref={previewButton} size="sm" onClick={() => setPreviewOpen(true)}>
            Preview rendered HTML
          </Button>
        )}
      </div>
      <p className="text-xs text-slate-700 dark:text-slate-300">
        {formatSize(body.wireSize)} on the wire
        {body.codings.length > 0 &&
          !body.error &&
          `, ${formatSize(body.decoded.length)} decoded from ${body.codings.join(', ')}`}
        {ct.mime && ` · ${ct.mime}`}
      </p>
      {body.truncated && (
        <p className="text-sm text-amber-900 dark:text-amber-200">
          <span aria-hidden="true">⚠ </span>The capture kept only the first{' '}
          {formatSize(body.raw.length)} of this body (truncated).
        </p>
      )}
      {body.error && (
        <p className="text-sm text-amber-900 dark:text-amber-200">
          <span aria-hidden="true">⚠ </span>
          {body.error}. Showing the bytes as captured.
        </p>
      )}
      {previewHtml !== null && (
        <HtmlPreview html={previewHtml} label={title} onClose={closePreview} />
      )}
      <BodyContent
        kind={effective}
        bytes={shown}
        fullBytes={bytes}
        contentType={ct}
        imageUrl={effective === 'image' ? imageDataUrl(bytes, ct.mime) : null}
        label={title}
      />
      {big && !showAll && (
        <div className="flex items-center gap-2 text-sm">
          <span>
            Showing the first {formatSize(PREVIEW_BYTES)} of {formatSize(bytes.length)}.
          </span>
          <Button size="sm" onClick={() => setShowAll(true)}>
            Show all
          </Button>
        </div>
      )}
    </div>
  );
}

function autoLabel(kind: BodyKind): string {
  switch (kind) {
    case 'json':
      return 'Pretty JSON';
    case 'form':
      return 'Form fields';
    case 'multipart':
      return 'Multipart parts';
    case 'image':
      return 'Image preview';
    case 'binary':
      return 'Hex dump (binary)';
    default:
      return 'Text';
  }
}
