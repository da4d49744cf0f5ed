/** Placeholder: the page "challenges" is being built. */
export function Component() {
  return <h1 className="text-xl font-semibold">challenges</h1>;
}
