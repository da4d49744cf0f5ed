import { useParams } from 'react-router';
import { InstanceQuestions } from '../../features/questions';

/** Questions tab: the checklist with its unlock chain and the answer fields. */
export function Component() {
  const { instanceId = '' } = useParams();
  return <InstanceQuestions instanceId={instanceId} />;
}
