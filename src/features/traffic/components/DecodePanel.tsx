import { useId, useMemo, useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { asText, decodeChain, DECODERS, type DecoderId } from '../decoders/decoders';
import { VisibleText } from './VisibleText';

function hexLine(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4096), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/**
 * Decode a piece of a flow: the text selected in a header or body (or
 * pasted), through a chain of decoders; each step says what it gave or why
 * it could not; the result can be copied. Everything stays text.
 */
export function DecodePanel() {
  const id = useId();
  const [input, setInput] = useState('');
  const [chain, setChain] = useState<DecoderId[]>([]);
  const [next, setNext] = useState<DecoderId>('base64');
  const [copied, setCopied] = useState<string | null>(null);
  const result = useMemo(() => decodeChain(new TextEncoder().encode(input), chain), [input, chain]);
  const failed = result.steps.find((s) => !s.ok);
  const jwt = result.steps.flatMap((s) => (s.ok && s.jwt ? [s.jwt] : [])).at(-1);
  const text = asText(result.output);
  const shown = text ?? hexLine(result.output);

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-2">
      <h3 id={`${id}-title`} className="font-semibold">
        Decode
      </h3>
      <div className="flex flex-wrap items-end gap-2">
        <Button
          size="sm"
          // keep the page's selection: it is what is decoded
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => {
            const selected = window.getSelection()?.toString() ?? '';
            if (selected) {
              setInput(selected);
              setCopied(null);
            }
          }}
        >
          Decode selection
        </Button>
        <div className="min-w-0 flex-1">
          <label htmlFor={`${id}-input`} className="block text-sm">
            Text to decode
          </label>
          <textarea
            id={`${id}-input`}
            value={input}
            rows={2}
            spellCheck={false}
            onChange={(e) => setInput(e.target.value)}
            className="mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-xs dark:border-slate-600 dark:bg-slate-900"
          />
        </div>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor={`${id}-decoder`} className="block text-sm">
            Decoder
          </label>
          <select
            id={`${id}-decoder`}
            value={next}
            onChange={(e) => setNext(e.target.value as DecoderId)}
            className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-800"
          >
            {DECODERS.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
        <Button size="sm" onClick={() => setChain((c) => [...c, next])}>
          Add step
        </Button>
        {chain.length > 0 && (
          <Button size="sm" variant="ghost" onClick={() => setChain([])}>
            Clear steps
          </Button>
        )}
      </div>
      {chain.length > 0 && (
        <ol aria-label="Decoding steps" className="list-decimal pl-6 text-sm">
          {chain.map((step, i) => {
            const outcome = result.steps[i];
            const label = DECODERS.find((d) => d.id === step)?.label ?? step;
            return (
              <li key={i}>
                {label}
                {outcome === undefined
                  ? ' — not run (an earlier step failed)'
                  : outcome.ok
                    ? ` — ${outcome.bytes.length} bytes`
                    : ''}
                {outcome && !outcome.ok && (
                  <span role="alert" className="text-red-800 dark:text-red-300">
                    {' '}
                    — {outcome.error}
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {jwt && !failed && (
        <p className="text-sm">
          JWT: {jwt.expiry ?? 'no expiry (no exp claim)'}; signature of {jwt.signatureBytes} bytes
          not checked.
        </p>
      )}
      {input !== '' && (
        <div>
          <p className="text-sm" id={`${id}-result`}>
            {text === null ? 'Result (not text, shown as hex)' : 'Result'}
          </p>
          <pre
            aria-labelledby={`${id}-result`}
            className="max-h-64 overflow-auto rounded-md bg-slate-50 p-2 font-mono text-xs break-all whitespace-pre-wrap dark:bg-slate-800"
          >
            <VisibleText text={shown} />
          </pre>
          <div className="mt-1 flex items-center gap-2">
            <Button
              size="sm"
              onClick={() =>
                void navigator.clipboard.writeText(shown).then(
                  () => setCopied('Copied the result.'),
                  () => setCopied('Could not copy: the browser refused clipboard access.'),
                )
              }
            >
              Copy result
            </Button>
            <span role="status" className="text-sm">
              {copied}
            </span>
          </div>
        </div>
      )}
    </section>
  );
}
