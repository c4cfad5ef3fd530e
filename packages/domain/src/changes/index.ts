export { CHANGE_CHANNEL, openChangeFeed } from './change-feed.js';
export type { ChangeFeed, ChangeTopic } from './change-feed.js';
