/** Placeholder: the page "login" is being built. */
export function Component() {
  return <h1 className="text-xl font-semibold">login</h1>;
}
