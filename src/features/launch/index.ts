export { LaunchProgress } from './components/LaunchProgress';
