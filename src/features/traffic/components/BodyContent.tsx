import { DataTable, type Column } from '../../../components/ui/DataTable';
import type { ContentType } from '@shared/capture/decode';
import { decodeText, looksBinary } from '@shared/capture/decode';
import {
  hexDumpLines,
  parseFormFields,
  parseMultipart,
  prettyJson,
  type BodyKind,
} from '../body/views';
import { VisibleText } from './VisibleText';

const pre =
  'max-h-[32rem] overflow-auto rounded-md border border-slate-200 bg-slate-50 p-2 font-mono text-xs whitespace-pre-wrap break-all dark:border-slate-700 dark:bg-slate-950';

interface BodyContentProps {
  kind: BodyKind | 'hex';
  /** what to show (may be the first part of a big body) */
  bytes: Uint8Array;
  /** the whole body (JSON is parsed whole, then cut) */
  fullBytes: Uint8Array;
  contentType: ContentType;
  imageUrl: string | null;
  label: string;
}

/** The body itself, in the chosen view. Text only, never markup. */
export function BodyContent({
  kind,
  bytes,
  fullBytes,
  contentType,
  imageUrl,
  label,
}: BodyContentProps) {
  switch (kind) {
    case 'empty':
      return <p className="text-sm text-slate-600 dark:text-slate-400">Empty body.</p>;
    case 'hex':
    case 'binary':
      return (
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be keyboard-focusable
        <pre className={pre} aria-label={`${label} hex dump`} tabIndex={0}>
          {hexDumpLines(bytes).join('\n')}
        </pre>
      );
    case 'image':
      return imageUrl ? (
        <img
          src={imageUrl}
          alt={`${label} preview (${contentType.mime})`}
          className="max-h-80 max-w-full rounded-md border border-slate-200 bg-white dark:border-slate-700"
        />
      ) : (
        <pre className={pre}>{hexDumpLines(bytes).join('\n')}</pre>
      );
    case 'json': {
      const text = decodeText(fullBytes, contentType.charset).text;
      const pretty = prettyJson(text);
      const shown = pretty.ok ? pretty.text : text;
      const cut = bytes.length < fullBytes.length ? shown.slice(0, bytes.length) : shown;
      return (
        <>
          {!pretty.ok && (
            <p className="text-sm text-amber-900 dark:text-amber-200">
              Not valid JSON ({pretty.error}); shown as text.
            </p>
          )}
          {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- scrollable region */}
          <pre className={pre} tabIndex={0} aria-label={`${label} JSON`}>
            <VisibleText text={cut} />
          </pre>
        </>
      );
    }
    case 'form': {
      const fields = parseFormFields(decodeText(bytes, contentType.charset).text);
      return <FieldTable caption={`${label} form fields`} fields={fields} />;
    }
    case 'multipart':
      return <MultipartParts bytes={bytes} boundary={contentType.boundary ?? ''} label={label} />;
    default: {
      const { text } = decodeText(bytes, contentType.charset);
      return (
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- scrollable region
        <pre className={pre} tabIndex={0} aria-label={`${label} text`}>
          <VisibleText text={text} />
        </pre>
      );
    }
  }
}

const fieldColumns: Column<[string, string]>[] = [
  {
    header: 'Name',
    headerClassName: 'w-1/3 pr-2',
    className: 'py-0.5 pr-2 break-all',
    cell: ([name]) => <VisibleText text={name} />,
  },
  {
    header: 'Value',
    className: 'py-0.5 break-all whitespace-pre-wrap',
    cell: ([, value]) => <VisibleText text={value} />,
  },
];

export function FieldTable({ caption, fields }: { caption: string; fields: [string, string][] }) {
  return (
    <DataTable caption={caption} columns={fieldColumns} rows={fields} bodyClassName="font-mono" />
  );
}

function MultipartParts({
  bytes,
  boundary,
  label,
}: {
  bytes: Uint8Array;
  boundary: string;
  label: string;
}) {
  const parts = parseMultipart(bytes, boundary);
  if (parts.length === 0)
    return <p className="text-sm">No parts found for boundary “{boundary}”.</p>;
  return (
    <ol className="space-y-2" aria-label={`${label} multipart parts`}>
      {parts.map((part, i) => (
        <li key={i} className="rounded-md border border-slate-200 p-2 dark:border-slate-700">
          <p className="text-sm font-medium">
            Part {i + 1}
            {part.name !== undefined && (
              <>
                : <VisibleText text={part.name} />
              </>
            )}
            {part.filename !== undefined && (
              <>
                {' '}
                (file <VisibleText text={part.filename} />)
              </>
            )}
          </p>
          <FieldTable caption={`Part ${i + 1} headers`} fields={part.headers} />
          <pre className={`${pre} mt-1`}>
            {looksBinary(part.body, part.contentType.charset) ? (
              hexDumpLines(part.body, 4096).join('\n')
            ) : (
              <VisibleText text={decodeText(part.body, part.contentType.charset).text} />
            )}
          </pre>
        </li>
      ))}
    </ol>
  );
}
