import type { DatabaseHandle } from '@cardshop/db';
import type { Logger } from '../logger.js';

/** The channel the app_notify_change() trigger speaks on (migration 2026_11_26_150000). */
export const CHANGE_CHANNEL = 'cardshop_changes';

/**
 * What changed, after it committed: `tenant:<id>` the shop itself, `t:<id>` what a shop sells,
 * `p:<id>` one product as shoppers see it, `*` anything (also sent when the feed reconnects after
 * a gap in which messages may have been lost).
 */
export type ChangeTopic = string;

export interface ChangeFeed {
  /** Whether messages are arriving: a cache must not serve what the feed keeps fresh otherwise. */
  readonly live: boolean;
  /** Calls `fn` with every topic; returns the unsubscribe. */
  subscribe(fn: (topic: ChangeTopic) => void): () => void;
  close(): Promise<void>;
}

/** Listens on the database's change channel for the whole process. */
export async function openChangeFeed(
  handle: Pick<DatabaseHandle, 'listen'>,
  logger?: Logger,
): Promise<ChangeFeed> {
  const subscribers = new Set<(topic: ChangeTopic) => void>();
  let live = false;
  const publish = (topic: ChangeTopic) => {
    for (const fn of subscribers) {
      try {
        fn(topic);
      } catch (err) {
        logger?.error({ err, topic }, 'change feed subscriber failed');
      }
    }
  };
  const stop = await handle.listen(CHANGE_CHANNEL, {
    onMessage: publish,
    onStatus(now) {
      if (now === live) return;
      live = now;
      if (now) logger?.info('change feed listening');
      else logger?.warn('change feed connection lost; caches bypassed until it is back');
      // Whatever happened while nobody listened is unknown: everything may have changed.
      publish('*');
    },
  });
  return {
    get live() {
      return live;
    },
    subscribe(fn) {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
    async close() {
      subscribers.clear();
      live = false;
      await stop();
    },
  };
}
