// The lock is shared with the api (a review decision rescoring a checklist takes it too).
export { lockTownshipYears } from '@app/persistence';
