import { beforeAll, describe, expect, test } from 'vitest';
import { buildCategory, buildStaff, useTestRuntime } from '@cardshop/domain/testing';
import { consoleClient, unescapeHtml } from './http.js';

const t = useTestRuntime();
let client: Awaited<ReturnType<typeof consoleClient>>;
let operatorCookie: string;
let operatorId: string;

beforeAll(async () => {
  client = await consoleClient(t.runtime);
  const operator = await buildStaff(t.db, { platformRole: 'operator' });
  operatorId = operator.id;
  operatorCookie = await client.signIn(operator.email);
});

const fields = {
  intent: 'create',
  name: '视频会员',
  nameEn: 'Video memberships',
  slug: 'video-vip',
  icon: '🎬',
  parentId: '',
  sortOrder: '30',
};

describe('platform area: categories', () => {
  test('an operator creates a category, audited, and sees it in the tree', async () => {
    const res = await client.post('/platform/categories', operatorCookie, fields);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/platform/categories?notice=created');
    const row = await t.owner
      .selectFrom('categories')
      .selectAll()
      .where('slug', '=', 'video-vip')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      name: '视频会员',
      name_en: 'Video memberships',
      icon: '🎬',
      sort_order: 30,
      status: 'active',
    });
    const audit = await t.owner
      .selectFrom('platform_audit_log')
      .select('action')
      .where('actor_id', '=', operatorId)
      .where('action', '=', 'category.create')
      .execute();
    expect(audit).toHaveLength(1);

    const child = await client.post('/platform/categories', operatorCookie, {
      ...fields,
      name: '爱奇艺',
      nameEn: 'iQIYI',
      slug: 'iqiyi-vip',
      icon: '📺',
      parentId: row.id,
      sortOrder: '10',
      hidden: 'on',
    });
    expect(child.status).toBe(302);
    const page = unescapeHtml((await client.html('/platform/categories', operatorCookie)).text);
    expect(page).toContain('视频会员');
    expect(page).toContain('爱奇艺');
    expect(page).toContain('iqiyi-vip');
  });

  test('a taken slug, a bad icon and a bad order are refused with their messages', async () => {
    await buildCategory(t.db, { slug: 'taken-slug' });
    const taken = await client.post('/platform/categories', operatorCookie, {
      ...fields,
      slug: 'taken-slug',
    });
    expect(taken.status).toBe(409);
    expect(unescapeHtml(await taken.text())).toContain('分类标识“taken-slug”已被使用，请换一个');

    const icon = await client.post('/platform/categories', operatorCookie, {
      ...fields,
      slug: 'icon-test',
      icon: 'abc',
    });
    expect(icon.status).toBe(422);
    expect(unescapeHtml(await icon.text())).toContain('图标请填一个表情符号（emoji），或留空');

    const order = await client.post('/platform/categories', operatorCookie, {
      ...fields,
      slug: 'order-test',
      sortOrder: '1.5',
    });
    expect(order.status).toBe(400);
    expect(unescapeHtml(await order.text())).toContain('排序应为整数');
    const none = await t.owner
      .selectFrom('categories')
      .select('id')
      .where('slug', 'in', ['icon-test', 'order-test'])
      .execute();
    expect(none).toHaveLength(0);
  });

  test('an operator renames and hides a category, but cannot move it under its own child', async () => {
    const parent = await buildCategory(t.db, { slug: 'parent-cat', name: '上级' });
    const child = await buildCategory(t.db, {
      slug: 'child-cat',
      name: '下级',
      parentId: parent.id,
    });
    const moved = await client.post('/platform/categories', operatorCookie, {
      intent: 'update',
      id: parent.id,
      name: '上级',
      nameEn: 'Parent',
      slug: 'parent-cat',
      icon: '',
      parentId: child.id,
      sortOrder: '0',
    });
    expect(moved.status).toBe(400);
    expect(unescapeHtml(await moved.text())).toContain('不能把分类移到它自己或它的下级分类下面');

    const renamed = await client.post('/platform/categories', operatorCookie, {
      intent: 'update',
      id: parent.id,
      name: '新名字',
      nameEn: 'New name',
      slug: 'parent-cat',
      icon: '🎁',
      parentId: '',
      sortOrder: '5',
      hidden: 'on',
    });
    expect(renamed.status).toBe(302);
    const row = await t.owner
      .selectFrom('categories')
      .select(['name', 'status', 'icon'])
      .where('id', '=', parent.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name: '新名字', status: 'hidden', icon: '🎁' });
  });

  test('staff without a platform role cannot open or change the categories', async () => {
    const owner = await buildStaff(t.db);
    const cookie = await client.signIn(owner.email);
    expect((await client.request('/platform/categories', { cookie })).status).toBe(403);
    const res = await client.post('/platform/categories', cookie, { ...fields, slug: 'sneaky' });
    expect(res.status).toBe(403);
    expect(
      await t.owner
        .selectFrom('categories')
        .select('id')
        .where('slug', '=', 'sneaky')
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  test('platform support staff may look at the categories but not change them', async () => {
    const support = await buildStaff(t.db, { platformRole: 'support' });
    const cookie = await client.signIn(support.email);
    expect((await client.request('/platform/categories', { cookie })).status).toBe(200);
    const res = await client.post('/platform/categories', cookie, {
      ...fields,
      slug: 'support-made',
    });
    expect(res.status).toBe(403);
  });
});
