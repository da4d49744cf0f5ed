import { useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { flowUrl } from '@shared/capture';
import { buildHttpie } from '../copyAs/httpie';
import { buildJsFetch } from '../copyAs/jsFetch';
import { buildPythonRequests } from '../copyAs/pythonRequests';
import { buildRawHttp } from '../copyAs/rawHttp';
import { buildCurl } from '../curl/curl';
import type { FlowDetails } from '../session';

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
        <Button
          size="sm"
          onClick={() => {
            const curl = buildCurl(details.flow, details.request);
            copy('curl command', curl.command, curl.note);
          }}
        >
          Copy as curl
        </Button>
        <Button
          size="sm"
          onClick={() => {
            const python = buildPythonRequests(details.flow, details.request);
            copy('Python script', python.text, python.note);
          }}
        >
          Copy as Python requests
        </Button>
        <Button
          size="sm"
          onClick={() => {
            const fetch = buildJsFetch(details.flow, details.request);
            copy('fetch script (Node.js)', fetch.text, fetch.note);
          }}
        >
          Copy as fetch (Node.js)
        </Button>
        <Button
          size="sm"
          onClick={() => {
            const httpie = buildHttpie(details.flow, details.request);
            copy('HTTPie command', httpie.text, httpie.note);
          }}
        >
          Copy as HTTPie
        </Button>
        <Button
          size="sm"
          onClick={() => {
            const raw = buildRawHttp(details.flow, details.request);
            copy('raw request', raw.text, raw.note);
          }}
        >
          Copy raw request
        </Button>
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
