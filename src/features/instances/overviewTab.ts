/** The instance page's Overview tab (an entry of its own: see `index.ts`). */
export { InstanceOverview } from './components/InstanceOverview';
