/** Placeholder: the page "instance-traffic" is being built. */
export function Component() {
  return <h1 className="text-xl font-semibold">instance-traffic</h1>;
}
