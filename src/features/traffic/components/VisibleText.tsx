import { memo } from 'react';
import { splitVisible } from '../body/visible';
import { useFlagHighlight } from '../flags/FlagHighlight';
import { splitFlags } from '@shared/capture/filter/flagPattern';

/** Text with control and bidi characters shown as visible stand-ins. */
function Visible({ text }: { text: string }) {
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
}

/**
 * Attacker-controlled text as React text nodes, with control and bidi
 * characters replaced by visible stand-ins in a distinct style; inside a
 * flow's details, matches of the flag pattern are marked (a `mark` with a
 * dashed outline and a title, not colour alone; no extra text, so a
 * selection copies or decodes exactly what was captured).
 */
export const VisibleText = memo(function VisibleText({ text }: { text: string }) {
  const flagPattern = useFlagHighlight();
  if (!flagPattern) return <Visible text={text} />;
  const pieces = splitFlags(text, flagPattern);
  if (pieces.length === 1 && !pieces[0]!.flag) return <Visible text={text} />;
  return (
    <>
      {pieces.map((p, i) =>
        p.flag ? (
          <mark
            key={i}
            title="Flag (matches the flag pattern)"
            data-flag=""
            className="rounded-sm bg-emerald-100 font-semibold text-emerald-950 outline-2 outline-emerald-700 outline-dashed dark:bg-emerald-900 dark:text-emerald-50 dark:outline-emerald-300"
          >
            <Visible text={p.text} />
          </mark>
        ) : (
          <Visible key={i} text={p.text} />
        ),
      )}
    </>
  );
});
