export { InstanceTrafficPage } from './InstanceTrafficPage';
export { LocalTrafficPage } from './LocalTrafficPage';
export { prestartTrafficWorker } from './sessionWorker';
