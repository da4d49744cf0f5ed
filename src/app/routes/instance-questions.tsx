import { instanceRoute } from '../instanceRoute';
import { InstanceQuestions } from '../../features/questions';

/** Questions tab: the checklist with its unlock chain and the answer fields. */
export const Component = instanceRoute(InstanceQuestions);
