/** Placeholder: the page "instance-downloads" is being built. */
export function Component() {
  return <h1 className="text-xl font-semibold">instance-downloads</h1>;
}
