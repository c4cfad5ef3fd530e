import pg from 'pg';
import { connectPostgres, migrateToLatest, sql, type Database } from '@cardshop/db';

// Seeds a benchmark platform with set-based SQL (insert ... select generate_series) as the
// database owner: a shared catalog from a few suppliers, shops with categories and listings, and
// card codes with random bytes where the ciphertext and blind index would be.

export interface BenchPlatform {
  shops: number;
  listingsPerShop: number;
  categoriesPerShop: number;
  products: number;
  skusPerProduct: number;
  suppliers: number;
  codes: number;
}

/** Bump when the seed below changes, so an old benchmark database is seeded again. */
const SEED_VERSION = 3;

const BRANDS = [
  '王者荣耀',
  '和平精英',
  '原神',
  '崩坏：星穹铁道',
  '英雄联盟',
  '穿越火线',
  '梦幻西游',
  'Steam',
  'Roblox',
  'PlayStation',
  'Xbox',
  '任天堂 eShop',
  '腾讯视频',
  '爱奇艺',
  '优酷',
  '芒果TV',
  '哔哩哔哩',
  'QQ音乐',
  '网易云音乐',
  '酷狗音乐',
  '中国移动',
  '中国联通',
  '中国电信',
  'Microsoft Office',
  'Windows',
  'Adobe',
  '京东E卡',
  '天猫超市卡',
  'App Store',
  'Google Play',
];
const KINDS = ['点券', '月卡', '礼品卡', '充值卡', '会员', '激活码'];
const SHOP_CATEGORIES: Array<[string, string]> = [
  ['热门游戏', '🔥'],
  ['手游点券', '🎮'],
  ['端游点卡', '🕹️'],
  ['视频会员', '📺'],
  ['音乐会员', '🎵'],
  ['话费充值', '📱'],
  ['软件激活', '💻'],
  ['礼品卡', '🎁'],
  ['海外充值', '🌏'],
  ['特惠专区', '💰'],
];

function log(message: string) {
  console.log(`  ${message}`);
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await fn();
  log(`${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

function signature(platform: BenchPlatform) {
  return `cardshop-bench v${SEED_VERSION} ${JSON.stringify(platform)}`;
}

function urlFor(base: string, database: string) {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Makes sure `database` holds the platform: reuses it when a finished seed of the same shape is
 * there (migrating it to the latest schema), otherwise creates it afresh and seeds it.
 */
export async function ensureBenchDatabase(
  baseUrl: string,
  database: string,
  platform: BenchPlatform,
): Promise<{ url: string; reused: boolean }> {
  const url = urlFor(baseUrl, database);
  const admin = new pg.Client({ connectionString: urlFor(baseUrl, 'postgres') });
  await admin.connect();
  try {
    const existing = await admin.query<{ comment: string | null }>(
      `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
      [database],
    );
    if (existing.rows[0]?.comment === signature(platform)) {
      const owner = connectPostgres({ connectionString: url, max: 1 });
      try {
        await migrateToLatest(owner.db);
      } finally {
        await owner.close();
      }
      return { url, reused: true };
    }
    await admin.query(`drop database if exists "${database}" with (force)`);
    await admin.query(`create database "${database}"`);
  } finally {
    await admin.end();
  }

  const owner = connectPostgres({ connectionString: url, max: 1 });
  try {
    await timed('migrated', () => migrateToLatest(owner.db));
    await seed(owner.db, platform);
  } finally {
    await owner.close();
  }
  const done = new pg.Client({ connectionString: urlFor(baseUrl, 'postgres') });
  await done.connect();
  await done.query(`comment on database "${database}" is '${signature(platform)}'`);
  await done.end();
  return { url, reused: false };
}

async function seed(db: Database, p: BenchPlatform) {
  await timed(`${p.suppliers} suppliers, 8 platform categories`, async () => {
    await sql`
      insert into suppliers (slug, name, status, contact_email)
      select 'bench-sup-' || g, '压测供货商 ' || g, 'approved', 'sup' || g || '@bench.test'
      from generate_series(1, ${p.suppliers}) g
    `.execute(db);
    await sql`
      insert into categories (slug, name, name_en, icon, sort_order)
      select 'bench-cat-' || g, (array['游戏点卡','话费充值','视频会员','音乐会员','软件激活','礼品卡','实体卡','海外充值'])[g],
             (array['Game cards','Phone top-up','Video','Music','Software','Gift cards','Physical cards','Overseas'])[g],
             (array['🎮','📱','📺','🎵','💻','🎁','💳','🌏'])[g], g
      from generate_series(1, 8) g
    `.execute(db);
  });

  await timed(`${p.products} products, ${p.products * p.skusPerProduct} SKUs`, async () => {
    await sql`
      insert into products (supplier_id, category_id, type, name, description_md, region_lock)
      select s.id, c.id,
             (array['card_code','card_code','card_code','direct_topup','physical_card'])[1 + g % 5],
             (${BRANDS}::text[])[1 + g % ${BRANDS.length}] || ' ' || (${KINDS}::text[])[1 + (g / ${BRANDS.length}) % ${KINDS.length}] || ' ' || g,
             E'## 商品说明\n\n- 付款后自动发货\n- 请在有效期内使用',
             case when g % 7 = 0 then '仅限中国大陆区账号' end
      from generate_series(1, ${p.products}) g
      join suppliers s on s.slug = 'bench-sup-' || (1 + g % ${p.suppliers})
      join categories c on c.slug = 'bench-cat-' || (1 + g % 8)
    `.execute(db);
    await sql`
      insert into skus (product_id, supplier_id, name, face_value_fen, wholesale_price_fen,
                        min_per_order, max_per_order, sort_order)
      select p.id, p.supplier_id, v || ' 档', (1000 * v * (1 + p.n % 5))::bigint,
             (950 * v * (1 + p.n % 5))::bigint, 1, 10, v
      from (select id, supplier_id, row_number() over (order by id) as n from products) p
      cross join generate_series(1, ${p.skusPerProduct}) v
    `.execute(db);
  });

  await timed(`${p.codes.toLocaleString('en-US')} card codes, stock per SKU`, async () => {
    await sql`
      insert into code_batches (supplier_id, sku_id, source, status, finished_at)
      select k.supplier_id, k.id, 'cli', 'done', now()
      from skus k join products p on p.id = k.product_id
      where p.type = 'card_code'
    `.execute(db);
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from code_batches`.execute(db);
    const batches = rows[0]!.n;
    const per = Math.floor(p.codes / batches);
    const extra = p.codes - per * batches;
    const chunks = 10;
    for (let chunk = 0; chunk < chunks; chunk++) {
      const from = Math.floor((batches * chunk) / chunks) + 1;
      const to = Math.floor((batches * (chunk + 1)) / chunks);
      // Each SKU gets its share; (n * 37) % (per + 10) available, the rest sold, so stock levels
      // range from sold out through a few left to plenty.
      await sql`
        insert into card_codes (sku_id, supplier_id, batch_id, key_id, sealed, blind_index,
                                state, sold_count, sold_at)
        select b.sku_id, b.supplier_id, b.id, 'bench1',
               uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())
                 || uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()),
               sha256(uuid_send(gen_random_uuid())),
               case when g <= (b.n * 37) % ${per + 10} then 'available' else 'sold' end,
               case when g <= (b.n * 37) % ${per + 10} then 0 else 1 end,
               case when g <= (b.n * 37) % ${per + 10} then null else now() end
        from (select id, sku_id, supplier_id, row_number() over (order by id) as n
                from code_batches) b
        cross join lateral generate_series(1, ${per} + case when b.n <= ${extra} then 1 else 0 end) g
        where b.n between ${from} and ${to}
      `.execute(db);
      if (process.stdout.isTTY)
        process.stdout.write(`\r  codes: ${Math.round(((chunk + 1) / chunks) * 100)}%   `);
    }
    if (process.stdout.isTTY) process.stdout.write('\r');
    await sql`
      update code_batches b set total_lines = c.n, imported = c.n
      from (select batch_id, count(*) as n from card_codes group by batch_id) c
      where c.batch_id = b.id
    `.execute(db);
    // Stock per SKU from its codes; goods without codes (top-ups, shipped cards) get a figure.
    await sql`
      insert into sku_stock (sku_id, supplier_id, available, sold)
      select k.id, k.supplier_id,
             coalesce(c.available, case when p.type = 'card_code' then 0 else 500 end),
             coalesce(c.sold, 0)
      from skus k
      join products p on p.id = k.product_id
      left join (
        select sku_id, count(*) filter (where state = 'available') as available,
               count(*) filter (where state = 'sold') as sold
        from card_codes group by sku_id
      ) c on c.sku_id = k.id
    `.execute(db);
  });

  const skuCount = p.products * p.skusPerProduct;
  await timed(
    `${p.shops} shops × ${p.listingsPerShop} listings in ${p.categoriesPerShop} categories`,
    async () => {
      await sql`
        insert into tenants (slug, name, branding, stock_display)
        select 'bench-' || g, '压测店铺 ' || g,
               jsonb_build_object('primaryColor', '#e11d48', 'accentColor', '#f59e0b',
                                  'tagline', '压测店铺，商品与库存均为生成数据'),
               (array['exact','range','status'])[1 + g % 3]
        from generate_series(1, ${p.shops}) g
      `.execute(db);
      await sql`
        insert into shop_categories (tenant_id, slug, name, icon, sort_order)
        select t.id, 'cat-' || c, (${SHOP_CATEGORIES.map((x) => x[0])}::text[])[1 + (c - 1) % ${SHOP_CATEGORIES.length}],
               (${SHOP_CATEGORIES.map((x) => x[1])}::text[])[1 + (c - 1) % ${SHOP_CATEGORIES.length}], c
        from tenants t cross join generate_series(1, ${p.categoriesPerShop}) c
      `.execute(db);
      // Shop no. t lists SKUs (t * 977 + k * 13) mod skus for k = 1..listingsPerShop: distinct
      // within a shop (13 is prime to the SKU count) and spread across shops.
      await sql`
        with s as (
          select id, product_id, wholesale_price_fen, row_number() over (order by id) - 1 as i
          from skus
        ), t as (
          select id, substring(slug from 7)::int as no from tenants where slug like 'bench-%'
        )
        insert into listings (tenant_id, sku_id, sku_owner_key, product_id, shop_category_id,
                              pricing_mode, markup_bps, price_fen, visible, featured, sort_order)
        select t.id, s.id, '00000000-0000-0000-0000-000000000000', s.product_id, sc.id,
               'markup', 2000, ceil(s.wholesale_price_fen * 1.2)::bigint,
               k % 50 <> 0, k <= 8, k
        from t
        cross join generate_series(1, ${p.listingsPerShop}) k
        join s on s.i = (t.no * 977 + k * 13) % ${skuCount}
        join shop_categories sc
          on sc.tenant_id = t.id and sc.slug = 'cat-' || (1 + k % ${p.categoriesPerShop})
      `.execute(db);
    },
  );
  await timed('analyzed', () => sql`analyze`.execute(db));
}

/** Row counts of what the benchmark reads, to print next to the figures. */
export async function countRows(url: string) {
  const owner = connectPostgres({ connectionString: url, max: 1 });
  try {
    const { rows } = await sql<{
      shops: number;
      listings: number;
      products: number;
      skus: number;
      codes: number;
    }>`
      select (select count(*) from tenants)::int as shops,
             (select count(*) from listings)::int as listings,
             (select count(*) from products)::int as products,
             (select count(*) from skus)::int as skus,
             (select count(*) from card_codes)::int as codes
    `.execute(owner.db);
    return rows[0]!;
  } finally {
    await owner.close();
  }
}
