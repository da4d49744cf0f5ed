/** Placeholder: the page "challenge" is being built. */
export function Component() {
  return <h1 className="text-xl font-semibold">challenge</h1>;
}
