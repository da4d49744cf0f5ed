import { memo } from 'react';
import { splitVisible } from '../body/visible';

/**
 * Attacker-controlled text as React text nodes, with control and bidi
 * characters replaced by visible stand-ins in a distinct style.
 */
export const VisibleText = memo(function VisibleText({ text }: { text: string }) {
  const segments = splitVisible(text);
  return (
    <>
      {segments.map((s, i) =>
        s.special ? (
          <span
            key={i}
            title={`Invisible character U+${(s.codePoint ?? 0).toString(16).toUpperCase().padStart(4, '0')}`}
            className="rounded-sm bg-amber-200 px-px text-amber-950 dark:bg-amber-800 dark:text-amber-50"
          >
            {s.text}
          </span>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
});
