export { InstanceDownloads } from './InstanceDownloads';
export { ChallengeAttachments } from './ChallengeAttachments';
export { VpnDownloadButton } from './VpnDownloadButton';
