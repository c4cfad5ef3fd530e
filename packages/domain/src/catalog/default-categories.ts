import type { PlatformTx } from '@cardshop/db';
import { CatalogErrors } from './catalog.errors.js';
import { findCategoryBySlug, insertCategory } from './catalog.queries.js';
import { createCategorySchema } from './catalog.schemas.js';
import { parseInput } from '../parse-input.js';

export interface DefaultCategory {
  /** Stable: demo data, seeds and links refer to categories by slug. */
  slug: string;
  name: string;
  nameEn: string;
  icon: string;
  children?: readonly Omit<DefaultCategory, 'children'>[];
}

/** The platform's category tree, in display order. */
export const DEFAULT_CATEGORIES: readonly DefaultCategory[] = [
  {
    slug: 'game-cards',
    name: '游戏点卡',
    nameEn: 'Game cards',
    icon: '🎮',
    children: [
      { slug: 'tencent-games', name: '腾讯游戏', nameEn: 'Tencent Games', icon: '🐧' },
      { slug: 'netease-games', name: '网易游戏', nameEn: 'NetEase Games', icon: '🎲' },
      { slug: 'mihoyo', name: '米哈游', nameEn: 'miHoYo', icon: '✨' },
      { slug: 'steam-wallet', name: 'Steam 充值', nameEn: 'Steam Wallet', icon: '🕹️' },
    ],
  },
  {
    slug: 'phone-topup',
    name: '话费充值',
    nameEn: 'Phone top-up',
    icon: '📱',
    children: [
      { slug: 'china-mobile', name: '中国移动', nameEn: 'China Mobile', icon: '📶' },
      { slug: 'china-unicom', name: '中国联通', nameEn: 'China Unicom', icon: '📡' },
      { slug: 'china-telecom', name: '中国电信', nameEn: 'China Telecom', icon: '☎️' },
    ],
  },
  {
    slug: 'video-memberships',
    name: '视频会员',
    nameEn: 'Video memberships',
    icon: '🎬',
    children: [
      { slug: 'iqiyi', name: '爱奇艺', nameEn: 'iQIYI', icon: '📺' },
      { slug: 'tencent-video', name: '腾讯视频', nameEn: 'Tencent Video', icon: '🎞️' },
      { slug: 'youku', name: '优酷', nameEn: 'Youku', icon: '🎥' },
      { slug: 'bilibili', name: '哔哩哔哩', nameEn: 'Bilibili', icon: '📼' },
    ],
  },
  {
    slug: 'music-memberships',
    name: '音乐会员',
    nameEn: 'Music memberships',
    icon: '🎵',
    children: [
      { slug: 'qq-music', name: 'QQ音乐', nameEn: 'QQ Music', icon: '🎶' },
      { slug: 'netease-music', name: '网易云音乐', nameEn: 'NetEase Cloud Music', icon: '🎧' },
    ],
  },
  { slug: 'software-licences', name: '软件激活', nameEn: 'Software licences', icon: '🔑' },
  {
    slug: 'gift-cards',
    name: '礼品卡',
    nameEn: 'Gift cards',
    icon: '🎁',
    children: [
      { slug: 'app-store', name: 'App Store 充值卡', nameEn: 'App Store & iTunes', icon: '🍎' },
      { slug: 'shopping-cards', name: '购物卡', nameEn: 'Shopping cards', icon: '🛍️' },
    ],
  },
  { slug: 'physical-cards', name: '实体卡', nameEn: 'Physical cards', icon: '💳' },
];

/**
 * Creates the default categories that are missing, by slug, and returns how many it created. It
 * never changes an existing one, so the platform's later edits (names, order, hiding) survive.
 */
export async function ensureDefaultCategories(trx: PlatformTx): Promise<number> {
  let created = 0;
  for (const [i, top] of DEFAULT_CATEGORIES.entries()) {
    const parentId = await ensureOne(trx, top, null, (i + 1) * 10);
    if (parentId.created) created++;
    for (const [j, child] of (top.children ?? []).entries()) {
      const result = await ensureOne(trx, child, parentId.id, (j + 1) * 10);
      if (result.created) created++;
    }
  }
  return created;
}

async function ensureOne(
  trx: PlatformTx,
  category: Omit<DefaultCategory, 'children'>,
  parentId: string | null,
  sortOrder: number,
): Promise<{ id: string; created: boolean }> {
  const data = parseInput(
    createCategorySchema,
    { ...category, parentId, sortOrder },
    CatalogErrors.INVALID_INPUT,
  );
  const inserted = await insertCategory(trx, { ...data, status: 'active' });
  if (inserted) return { id: inserted.id, created: true };
  const existing = await findCategoryBySlug(trx, data.slug);
  if (!existing) throw new Error(`category ${data.slug} neither inserted nor found`);
  return { id: existing.id, created: false };
}
