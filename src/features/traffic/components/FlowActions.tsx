import { useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { flowUrl } from '@shared/capture/flowUrl';
import { buildHttpie } from '../copyAs/httpie';
import { buildJsFetch } from '../copyAs/jsFetch';
import { buildPythonRequests } from '../copyAs/pythonRequests';
import { buildRawHttp } from '../copyAs/rawHttp';
import { buildCurl } from '../curl/curl';
import type { Snippet } from '../copyAs/replay';
import type { DecodedBody } from '@shared/capture/decode';
import type { Flow } from '@shared/schemas';
import type { FlowDetails } from '../session';

/** The "Copy as …" buttons: label, what the status line calls it, and its builder. */
const SNIPPETS: {
  label: string;
  what: string;
  build: (flow: Flow, body: DecodedBody | null) => Snippet;
}[] = [
  {
    label: 'Copy as curl',
    what: 'curl command',
    build: (flow, body) => {
      const curl = buildCurl(flow, body);
      return { text: curl.command, note: curl.note };
    },
  },
  { label: 'Copy as Python requests', what: 'Python script', build: buildPythonRequests },
  { label: 'Copy as fetch (Node.js)', what: 'fetch script (Node.js)', build: buildJsFetch },
  { label: 'Copy as HTTPie', what: 'HTTPie command', build: buildHttpie },
  { label: 'Copy raw request', what: 'raw request', build: buildRawHttp },
];

type Copied = { what: string; ok: boolean; note?: string | undefined } | null;

/** Copy URL, copy as curl / Python requests / fetch / HTTPie, copy the raw request. Copies only; nothing opens or navigates. */
export function FlowActions({ details }: { details: FlowDetails }) {
  const [copied, setCopied] = useState<Copied>(null);
  const copy = (what: string, text: string, note?: string) => {
    navigator.clipboard.writeText(text).then(
      () => setCopied({ what, ok: true, note }),
      () => setCopied({ what, ok: false }),
    );
  };
  return (
    <div>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" onClick={() => copy('URL', flowUrl(details.flow.request))}>
          Copy URL
        </Button>
        {SNIPPETS.map(({ label, what, build }) => (
          <Button
            key={label}
            size="sm"
            onClick={() => {
              const snippet = build(details.flow, details.request);
              copy(what, snippet.text, snippet.note);
            }}
          >
            {label}
          </Button>
        ))}
      </div>
      <p role="status" className="mt-1 min-h-5 text-sm">
        {copied &&
          (copied.ok
            ? `Copied the ${copied.what}.${copied.note ? ` ${copied.note}` : ''}`
            : `Could not copy the ${copied.what}: the browser refused clipboard access.`)}
      </p>
    </div>
  );
}
