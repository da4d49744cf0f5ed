/** Placeholder: the page "instance-questions" is being built. */
export function Component() {
  return <h1 className="text-xl font-semibold">instance-questions</h1>;
}
