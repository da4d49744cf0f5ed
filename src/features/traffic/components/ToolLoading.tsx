/** What a folded tool shows while its code loads. */
export function ToolLoading({ name }: { name: string }) {
  return (
    <p role="status" className="mt-2 text-sm">
      Loading the {name}…
    </p>
  );
}
