export { InstanceListPage } from './components/InstanceListPage';
export { InstanceFrame } from './components/InstanceFrame';
export { InstanceOverview } from './components/InstanceOverview';
export { StopDialog } from './components/StopDialog';
export { RenewDialog } from './components/RenewDialog';
