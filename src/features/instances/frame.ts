/** The instance page around its tabs (an entry of its own: see `index.ts`). */
export { InstanceFrame } from './components/InstanceFrame';
