import { asPlatform, asSystem, withTenant } from '@cardshop/db';
import { describe, expect, test } from 'vitest';
import { buildCategory, buildTenant, useTestDatabase } from '../testing/index.js';
import { DEFAULT_CATEGORIES, ensureDefaultCategories } from './default-categories.js';
import { listCategoryTree, platformListCategories } from './list-categories.js';
import { platformCreateCategory } from './platform-create-category.js';
import { platformUpdateCategory } from './platform-update-category.js';

const t = useTestDatabase();
const actor = { type: 'system', id: 'test' } as const;
const staff = { type: 'staff', id: 'f4a0c1a2-0d8e-4a53-9a57-6f3f2f4e8b10' } as const;

async function categoryCount() {
  const row = await t.owner
    .selectFrom('categories')
    .select((e) => e.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('default categories', () => {
  test('ensureDefaultCategories creates the platform tree once, in order, and is idempotent', async () => {
    const created = await asSystem(t.db, (trx) => ensureDefaultCategories(trx));
    const expected = DEFAULT_CATEGORIES.reduce((n, c) => n + 1 + (c.children?.length ?? 0), 0);
    expect(created).toBe(expected);
    expect(await asSystem(t.db, (trx) => ensureDefaultCategories(trx))).toBe(0);

    const tree = await listCategoryTree(t.db);
    const defaults = tree.filter((c) => DEFAULT_CATEGORIES.some((d) => d.slug === c.slug));
    expect(defaults.map((c) => c.slug)).toEqual([
      'game-cards',
      'phone-topup',
      'video-memberships',
      'music-memberships',
      'software-licences',
      'gift-cards',
      'physical-cards',
    ]);
    expect(defaults[0]).toMatchObject({ name: '游戏点卡', nameEn: 'Game cards', icon: '🎮' });
    expect(defaults[0]!.children.map((c) => c.name)).toEqual([
      '腾讯游戏',
      '网易游戏',
      '米哈游',
      'Steam 充值',
    ]);
  });

  test('ensureDefaultCategories keeps the platform’s later edits', async () => {
    await asSystem(t.db, (trx) => ensureDefaultCategories(trx));
    const tree = await asSystem(t.db, (trx) => platformListCategories(trx));
    const games = tree.find((c) => c.slug === 'game-cards')!;
    await asSystem(t.db, (trx) => platformUpdateCategory(trx, actor, games.id, { name: '游戏' }));
    await asSystem(t.db, (trx) => ensureDefaultCategories(trx));
    const after = await listCategoryTree(t.db);
    expect(after.find((c) => c.slug === 'game-cards')!.name).toBe('游戏');
  });
});

describe('platform categories', () => {
  test('platformCreateCategory files a child under its parent and audits it', async () => {
    const parent = await buildCategory(t.db, { name: '父分类', sortOrder: -50 });
    const child = await asPlatform(t.db, { actor: staff, purpose: 'test' }, (trx) =>
      platformCreateCategory(trx, staff, {
        parentId: parent.id,
        slug: `child-${parent.slug}`,
        name: '子分类',
        nameEn: 'Child',
        icon: '🧸',
      }),
    );
    expect(child).toMatchObject({ parentId: parent.id, status: 'active', icon: '🧸' });
    const tree = await listCategoryTree(t.db);
    expect(tree.find((c) => c.id === parent.id)!.children.map((c) => c.id)).toEqual([child.id]);
    const audit = await t.owner
      .selectFrom('platform_audit_log')
      .select(['action', 'actor_id'])
      .where('target_id', '=', child.id)
      .execute();
    expect(audit).toEqual([{ action: 'category.create', actor_id: staff.id }]);
  });

  test('a hidden category and its children disappear from everyone’s tree but not the console’s', async () => {
    const parent = await buildCategory(t.db);
    const child = await buildCategory(t.db, { parentId: parent.id });
    await asSystem(t.db, (trx) =>
      platformUpdateCategory(trx, actor, parent.id, { status: 'hidden' }),
    );
    const shop = await buildTenant(t.db);
    const seen = await withTenant(t.db, shop.id, (trx) => listCategoryTree(trx));
    const ids = seen.flatMap((c) => [c.id, ...c.children.map((x) => x.id)]);
    expect(ids).not.toContain(parent.id);
    expect(ids).not.toContain(child.id);
    const all = await asSystem(t.db, (trx) => platformListCategories(trx));
    expect(all.find((c) => c.id === parent.id)).toMatchObject({
      status: 'hidden',
      children: [expect.objectContaining({ id: child.id })],
    });
  });

  test('siblings are ordered by sort order', async () => {
    const parent = await buildCategory(t.db);
    const b = await buildCategory(t.db, { parentId: parent.id, sortOrder: 20, name: '乙' });
    const a = await buildCategory(t.db, { parentId: parent.id, sortOrder: 10, name: '甲' });
    const tree = await listCategoryTree(t.db);
    expect(tree.find((c) => c.id === parent.id)!.children.map((c) => c.id)).toEqual([a.id, b.id]);
  });

  test('a taken slug, a bad slug, a non-emoji icon and an unknown parent are refused and change nothing', async () => {
    const existing = await buildCategory(t.db);
    const before = await categoryCount();
    const create = (input: Parameters<typeof platformCreateCategory>[2]) =>
      asSystem(t.db, (trx) => platformCreateCategory(trx, actor, input));
    await expect(
      create({ slug: existing.slug, name: '重复', nameEn: 'Dup' }),
    ).rejects.toMatchObject({
      code: 'CATEGORY_SLUG_TAKEN',
      userMessage: `分类标识“${existing.slug}”已被使用，请换一个`,
    });
    await expect(create({ slug: 'Bad Slug!', name: '坏', nameEn: 'Bad' })).rejects.toMatchObject({
      code: 'CATALOG_INVALID_INPUT',
      userMessage: expect.stringContaining('分类标识只能使用'),
    });
    await expect(
      create({ slug: 'icon-text', name: '图标', nameEn: 'Icon', icon: 'abc' }),
    ).rejects.toMatchObject({ userMessage: '图标请填一个表情符号（emoji），或留空' });
    await expect(
      create({
        slug: 'orphan',
        name: '孤儿',
        nameEn: 'Orphan',
        parentId: '6a1f6f0e-3c55-4d3b-9c1a-2b8a4b7e9d01',
      }),
    ).rejects.toMatchObject({ code: 'CATEGORY_NOT_FOUND', userMessage: '上级分类不存在' });
    expect(await categoryCount()).toBe(before);
  });

  test('a category cannot be moved under itself or its own descendant', async () => {
    const top = await buildCategory(t.db);
    const child = await buildCategory(t.db, { parentId: top.id });
    for (const parentId of [top.id, child.id]) {
      await expect(
        asSystem(t.db, (trx) => platformUpdateCategory(trx, actor, top.id, { parentId })),
      ).rejects.toMatchObject({ code: 'CATEGORY_PARENT_INVALID' });
    }
    const row = await t.owner
      .selectFrom('categories')
      .select('parent_id')
      .where('id', '=', top.id)
      .executeTakeFirstOrThrow();
    expect(row.parent_id).toBeNull();
  });

  test('emoji icons made of several code points count as one icon', async () => {
    for (const icon of ['🇨🇳', '👨‍👩‍👧', '👍🏽', '☎️']) {
      await expect(buildCategory(t.db, { icon })).resolves.toMatchObject({ icon });
    }
    await expect(buildCategory(t.db, { icon: '🎮🎮' })).rejects.toMatchObject({
      code: 'CATALOG_INVALID_INPUT',
    });
  });

  test('shops cannot write categories: only the platform scope can', async () => {
    const shop = await buildTenant(t.db);
    await expect(
      withTenant(t.db, shop.id, (trx) =>
        trx.insertInto('categories').values({ slug: 'sneaky', name: 'x', name_en: 'x' }).execute(),
      ),
    ).rejects.toThrow(/permission denied/);
  });
});
