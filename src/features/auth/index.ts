export { useSignOut } from './useSignOut';
export { safeNextPath, signInPath } from './safeNext';
