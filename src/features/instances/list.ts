/** The list page of the team's instances (an entry of its own: see `index.ts`). */
export { InstanceListPage } from './components/InstanceListPage';
