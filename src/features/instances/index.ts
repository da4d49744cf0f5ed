export { InstanceListPage } from './components/InstanceListPage';
export { InstanceFrame } from './components/InstanceFrame';
export { InstanceOverview } from './components/InstanceOverview';
