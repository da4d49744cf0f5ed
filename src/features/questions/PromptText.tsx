import { SafeMarkdown } from '../../components/ui/SafeMarkdown';

/** A question's prompt: safe Markdown (raw HTML dropped, only http(s) links, no images). */
export function PromptText({ children }: { children: string }) {
  return <SafeMarkdown>{children}</SafeMarkdown>;
}
