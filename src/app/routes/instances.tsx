/** Placeholder: the page "instances" is being built. */
export function Component() {
  return <h1 className="text-xl font-semibold">instances</h1>;
}
