/** Placeholder: the page "instance-overview" is being built. */
export function Component() {
  return <h1 className="text-xl font-semibold">instance-overview</h1>;
}
