import { forwardRef, useEffect, useId, useImperativeHandle, useRef, type ReactNode } from 'react';
import { Button } from '../../../components/ui/Button';

interface SidePanelProps {
  /** the heading's content (the panel is named by it) */
  title: ReactNode;
  /** the close button's accessible name ("Close flow details") */
  closeLabel: string;
  onClose: () => void;
  children: ReactNode;
  /** h2 for a panel beside the flow list; h4 for one inside a body */
  headingLevel?: 2 | 3 | 4;
  /** move focus to the heading when the panel appears (otherwise the caller does, through the ref) */
  focusOnMount?: boolean;
  /** spacing between the panel's parts */
  className?: string;
  headingClassName?: string;
}

/**
 * A closable panel: a focusable heading that names the region, a Close
 * button, and Escape anywhere inside closes it (but not Escape that closes a
 * select's list, and not the panel around it: a nested panel closes alone).
 * The ref is the heading, so the caller can move focus to it.
 */
export const SidePanel = forwardRef<HTMLHeadingElement, SidePanelProps>(function SidePanel(
  {
    title,
    closeLabel,
    onClose,
    children,
    headingLevel = 2,
    focusOnMount = false,
    className = 'space-y-3',
    headingClassName = 'text-sm font-semibold',
  },
  ref,
) {
  const titleId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useImperativeHandle(ref, () => headingRef.current!, []);
  useEffect(() => {
    if (focusOnMount) headingRef.current?.focus();
  }, [focusOnMount]);
  const Heading = `h${headingLevel}` as const;
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions -- Esc anywhere in the panel closes it
    <section
      aria-labelledby={titleId}
      className={`min-w-0 rounded-md border border-slate-300 bg-white p-3 dark:border-slate-700 dark:bg-slate-900 ${className}`}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || e.target instanceof HTMLSelectElement) return;
        e.preventDefault();
        e.stopPropagation();
        onClose();
      }}
    >
      <div className="flex items-start gap-2">
        <Heading
          id={titleId}
          ref={headingRef}
          tabIndex={-1}
          className={`min-w-0 flex-1 focus-visible:outline-2 focus-visible:outline-indigo-500 ${headingClassName}`}
        >
          {title}
        </Heading>
        <Button size="sm" variant="ghost" onClick={onClose} aria-label={closeLabel}>
          Close <span aria-hidden="true">(Esc)</span>
        </Button>
      </div>
      {children}
    </section>
  );
});
