import { asPlatform, type Database, type PlatformActor } from '@cardshop/db';
import type { CodeVault } from '../inventory/code-crypto.js';
import { seedDemoCatalog } from './seed-demo-catalog.js';
import { createStaffUser } from '../identity/create-staff-user.js';
import { createSupplier } from '../suppliers/create-supplier.js';
import { createTenant } from '../tenants/create-tenant.js';

export const DEMO_PASSWORD = 'cardshop-demo-2026';

export const demoLogins = [
  { role: '平台运营 platform operator', email: 'admin@cardshop.test' },
  { role: '演示卡铺店主 demo shop owner', email: 'owner@demo.cardshop.test' },
  { role: '星辰数卡供货商 supplier', email: 'owner@xingchen.cardshop.test' },
] as const;

const shops = [
  {
    slug: 'demo',
    name: '演示卡铺',
    branding: {
      primaryColor: '#e11d48',
      accentColor: '#f59e0b',
      logoText: '演',
      tagline: '游戏点卡、话费充值、影音会员，付款后秒发卡密',
      notice: '本店为演示店铺，所有商品与支付均为测试数据。',
    },
    owner: 'owner@demo.cardshop.test',
  },
  {
    slug: 'game',
    name: '畅玩点卡站',
    branding: {
      primaryColor: '#2563eb',
      accentColor: '#22c55e',
      logoText: '畅',
      tagline: '热门游戏点卡一站购齐，7×24 小时自动发货',
    },
    owner: 'owner@game.cardshop.test',
  },
  {
    slug: 'vip',
    name: '影音会员小铺',
    branding: {
      primaryColor: '#7c3aed',
      accentColor: '#ec4899',
      logoText: '影',
      tagline: '视频、音乐会员低价直充，到账快',
    },
    owner: 'owner@vip.cardshop.test',
  },
];

const suppliers = [
  {
    slug: 'xingchen',
    name: '星辰数卡',
    contactEmail: 'biz@xingchen.cardshop.test',
    owner: 'owner@xingchen.cardshop.test',
  },
  {
    slug: 'yuntu',
    name: '云途充值',
    contactEmail: 'biz@yuntu.cardshop.test',
    owner: 'owner@yuntu.cardshop.test',
  },
];

/**
 * The demo platform: one operator, two approved suppliers and three branded shops, each with an
 * owner, and a stocked catalog listed in every shop. Does nothing when the demo shop already
 * exists, so every start may call it.
 */
export async function seedDemo(db: Database, vault: CodeVault): Promise<{ created: boolean }> {
  const actor: PlatformActor = { type: 'system', id: 'demo-seed' };
  const ids = { tenants: {} as Record<string, string>, suppliers: {} as Record<string, string> };
  const created = await asPlatform(db, { actor, purpose: 'seed demo platform' }, async (trx) => {
    const existing = await trx
      .selectFrom('tenants')
      .select('id')
      .where('slug', '=', 'demo')
      .executeTakeFirst();
    if (existing) return false;
    await createStaffUser(trx, actor, {
      email: 'admin@cardshop.test',
      displayName: '平台管理员',
      password: DEMO_PASSWORD,
      platformRole: 'admin',
    });
    for (const s of suppliers) {
      const supplier = await createSupplier(trx, actor, {
        slug: s.slug,
        name: s.name,
        contactEmail: s.contactEmail,
        status: 'approved',
      });
      ids.suppliers[s.slug] = supplier.id;
      await createStaffUser(trx, actor, {
        email: s.owner,
        displayName: `${s.name}负责人`,
        password: DEMO_PASSWORD,
        supplierRoles: [{ supplierId: supplier.id, role: 'owner' }],
      });
    }
    for (const s of shops) {
      const tenant = await createTenant(trx, actor, {
        slug: s.slug,
        name: s.name,
        branding: s.branding,
      });
      ids.tenants[s.slug] = tenant.id;
      await createStaffUser(trx, actor, {
        email: s.owner,
        displayName: `${s.name}店主`,
        password: DEMO_PASSWORD,
        tenantRoles: [{ tenantId: tenant.id, role: 'owner' }],
      });
    }
    return true;
  });
  // The catalog goes in after the platform commits: imports run in their own transactions.
  if (created) await seedDemoCatalog(db, vault, ids);
  return { created };
}
