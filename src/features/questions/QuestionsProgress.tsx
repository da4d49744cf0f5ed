import type { Question } from '@shared/schemas';
import { progressOf } from './model';

/** Solved of total, as a labelled progress bar and in words (points too, when given). */
export function QuestionsProgress({ questions }: { questions: readonly Question[] }) {
  const { solved, total } = progressOf(questions);
  const withPoints = questions.filter((q) => q.points != null);
  const points = withPoints.reduce((sum, q) => sum + (q.points ?? 0), 0);
  const earned = withPoints
    .filter((q) => q.answered_correctly)
    .reduce((sum, q) => sum + (q.points ?? 0), 0);
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span id="questions-progress-label">
          {solved} of {total} solved
        </span>
        {withPoints.length > 0 && (
          <span>
            {earned} of {points} points
          </span>
        )}
      </div>
      <progress
        value={solved}
        max={Math.max(total, 1)}
        aria-labelledby="questions-progress-label"
        className="h-2 w-full overflow-hidden rounded [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-emerald-600 dark:[&::-webkit-progress-bar]:bg-slate-700"
      />
    </div>
  );
}
