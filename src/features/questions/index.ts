export { InstanceQuestions } from './InstanceQuestions';
