import { Outlet } from 'react-router';

/** Placeholder: the instance page layout (tabs) is being built. */
export function Component() {
  return <Outlet />;
}
