/** Placeholder: the page "not-found" is being built. */
export function Component() {
  return <h1 className="text-xl font-semibold">not-found</h1>;
}
