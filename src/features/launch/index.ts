export { LaunchButton } from './launch-form/LaunchButton';
export { ChallengeCatalogue } from './catalogue/ChallengeCatalogue';
export { ChallengePage } from './challenge/ChallengePage';
