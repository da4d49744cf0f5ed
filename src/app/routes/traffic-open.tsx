/** Placeholder: the page "traffic-open" is being built. */
export function Component() {
  return <h1 className="text-xl font-semibold">traffic-open</h1>;
}
