export { InstanceTrafficPage } from './InstanceTrafficPage';
export { LocalTrafficPage } from './LocalTrafficPage';
