import { Button } from '../../../components/ui/Button';
import type { NewestEnd } from '../newFlows';
import { formatCount } from '@shared/format';

/**
 * "3 new flows" over the list, at its newest end, while the user looks at
 * older flows; pressing it jumps to the newest. The polite live region is
 * always there, so the count is announced when it appears or grows.
 */
export function NewFlowsMarker({
  count,
  end,
  onJump,
}: {
  count: number;
  end: NewestEnd;
  onJump: () => void;
}) {
  return (
    <div
      aria-live="polite"
      className={`pointer-events-none absolute inset-x-0 z-20 flex justify-center ${end === 'top' ? 'top-10' : 'bottom-3'}`}
    >
      {count > 0 && (
        <Button
          size="sm"
          variant="primary"
          className="pointer-events-auto shadow-md"
          title="Show the newest flows"
          onClick={onJump}
        >
          <span aria-hidden="true">{end === 'top' ? '↑' : '↓'}</span>
          {formatCount(count, 'new flow')}
        </Button>
      )}
    </div>
  );
}
