import { HTML_PREVIEW_CSP, htmlPreviewDocument } from '../body/views';
import { SidePanel } from './SidePanel';

interface HtmlPreviewProps {
  /** the decoded body as text (content codings and charset already undone) */
  html: string;
  label: string;
  onClose: () => void;
}

/**
 * An HTML body rendered in a frame that can do nothing: empty `sandbox`
 * (opaque origin; no scripts, forms, popups, top navigation), a policy that
 * loads nothing, no referrer. Opened only on request.
 */
export function HtmlPreview({ html, label, onClose }: HtmlPreviewProps) {
  return (
    <SidePanel
      title={`Rendered ${label.toLowerCase()}`}
      closeLabel="Close the rendered preview"
      onClose={onClose}
      headingLevel={4}
      focusOnMount
      className="space-y-2"
    >
      <p className="text-xs text-slate-700 dark:text-slate-300">
        Scripts, forms, links and every load from the network are blocked: the page may look plainer
        than in a browser.
      </p>
      <iframe
        title={`Rendered preview of the ${label.toLowerCase()}`}
        sandbox=""
        // CSP Embedded Enforcement: the frame's document must obey this too
        {...{ csp: HTML_PREVIEW_CSP }}
        referrerPolicy="no-referrer"
        srcDoc={htmlPreviewDocument(html)}
        className="h-96 w-full rounded-md border border-slate-300 bg-white dark:border-slate-600"
      />
    </SidePanel>
  );
}
