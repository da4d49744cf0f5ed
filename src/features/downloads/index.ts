export { InstanceDownloads } from './InstanceDownloads';
export { ChallengeAttachments } from './ChallengeAttachments';
