import { randomInt } from 'node:crypto';
import { asSystem, withSupplier, withTenant, type Database } from '@cardshop/db';
import { createProduct } from '../catalog/create-product.js';
import { createSku } from '../catalog/create-sku.js';
import { ensureDefaultCategories } from '../catalog/default-categories.js';
import { listCategoryTree, type CategoryNode } from '../catalog/list-categories.js';
import { adjustPhysicalStock } from '../inventory/adjust-physical-stock.js';
import type { CodeVault } from '../inventory/code-crypto.js';
import { importCodes } from '../inventory/import-codes.js';
import { textLines } from '../inventory/line-sources.js';
import { addListing } from '../listings/add-listing.js';
import { markupPriceFen } from '../listings/pricing.js';
import { createShopCategory } from '../listings/create-shop-category.js';
import { setStockDisplay } from '../listings/set-stock-display.js';
import { DEMO_PRODUCTS, DEMO_SHOP_CATALOGS, type DemoProduct } from './demo-catalog.js';

const fen = (yuan: number) => Math.round(yuan * 100);
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function randomCode(groups: number): string {
  return Array.from({ length: groups }, () =>
    Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
  ).join('-');
}

/** Fresh random codes: a demo database never shares real-looking codes with another. */
function demoCodeLines(product: DemoProduct, count: number): string {
  return Array.from({ length: count }, () =>
    product.pairs
      ? `${String(randomInt(10 ** 9, 10 ** 10))}${String(randomInt(10 ** 5, 10 ** 6))} ${randomCode(2).replace('-', '')}`
      : randomCode(product.key === 'win11' ? 5 : 4),
  ).join('\n');
}

function flatten(nodes: CategoryNode[]): CategoryNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

/**
 * Stocks the demo platform: the platform categories, the two suppliers' goods with encrypted card
 * codes (physical cards with a quantity on hand), and each demo shop's categories and listings at
 * its own prices.
 */
export async function seedDemoCatalog(
  db: Database,
  vault: CodeVault,
  ids: { tenants: Record<string, string>; suppliers: Record<string, string> },
): Promise<{ products: number; skus: number; codes: number; listings: number }> {
  await asSystem(db, (trx) => ensureDefaultCategories(trx));
  const categories = new Map(flatten(await listCategoryTree(db)).map((c) => [c.slug, c.id]));
  const skuIds = new Map<string, string>();
  let codes = 0;

  for (const product of DEMO_PRODUCTS) {
    const supplier = { id: ids.suppliers[product.supplier]!, ownerTenantId: null };
    const created = await withSupplier(db, supplier, async (trx) => {
      const p = await createProduct(trx, {
        categoryId: categories.get(product.category)!,
        type: product.type,
        name: product.name,
        descriptionMd: product.description,
        regionLock: product.regionLock ?? null,
        topupFields: product.topupFields ?? [],
      });
      const skus = [];
      for (const [i, sku] of product.skus.entries()) {
        skus.push(
          await createSku(trx, {
            productId: p.id,
            name: sku.name,
            faceValueFen: sku.faceYuan ? fen(sku.faceYuan) : null,
            wholesalePriceFen: fen(sku.wholesaleYuan),
            minPerOrder: sku.min ?? 1,
            maxPerOrder: sku.max ?? 10,
            codeKind: sku.reuse ? 'reusable' : 'single',
            reuseLimit: sku.reuse ?? null,
            lowStockThreshold: 5,
            sortOrder: i,
          }),
        );
      }
      return skus;
    });
    for (const [i, sku] of product.skus.entries()) {
      const skuId = created[i]!.id;
      skuIds.set(`${product.key}:${sku.name}`, skuId);
      if (sku.stock) {
        await withSupplier(db, supplier, (trx) =>
          adjustPhysicalStock(
            trx,
            { skuId, mode: 'set', quantity: sku.stock!, reason: '首批到货' },
            { type: 'system', id: 'demo-seed' },
          ),
        );
      }
      if (!sku.codes) continue;
      const result = await importCodes(db, vault, {
        supplier,
        skuId,
        source: 'paste',
        lines: textLines(demoCodeLines(product, sku.codes)),
        skipMalformed: false,
      });
      codes += result.imported;
    }
  }

  let listings = 0;
  for (const [slug, shop] of Object.entries(DEMO_SHOP_CATALOGS)) {
    const tenantId = ids.tenants[slug];
    if (!tenantId) throw new Error(`demo shop ${slug} was not created`);
    await withTenant(db, tenantId, async (trx) => {
      await setStockDisplay(trx, shop.stockDisplay);
      for (const [order, category] of shop.categories.entries()) {
        const shopCategory = await createShopCategory(trx, {
          slug: category.slug,
          name: category.name,
          icon: category.icon,
          sortOrder: order,
        });
        for (const [productOrder, key] of category.products.entries()) {
          const product = DEMO_PRODUCTS.find((p) => p.key === key)!;
          for (const sku of product.skus) {
            const fixed = shop.fixedPrices?.[`${key}:${sku.name}`];
            // Card shops sell at or under face value: where the shop's markup would go over it,
            // the face value is the price (never under wholesale).
            const capped =
              sku.faceYuan !== undefined &&
              markupPriceFen(fen(sku.wholesaleYuan), shop.markupBps) > fen(sku.faceYuan) &&
              fen(sku.faceYuan) >= fen(sku.wholesaleYuan)
                ? sku.faceYuan
                : undefined;
            const retailYuan = fixed ?? capped;
            await addListing(trx, {
              skuId: skuIds.get(`${key}:${sku.name}`)!,
              pricing:
                retailYuan !== undefined
                  ? { mode: 'fixed', retailPriceFen: fen(retailYuan) }
                  : { mode: 'markup', markupBps: shop.markupBps },
              shopCategoryId: shopCategory.id,
              featured: shop.featured.includes(key),
              sortOrder: productOrder,
            });
            listings++;
          }
        }
      }
    });
  }
  return {
    products: DEMO_PRODUCTS.length,
    skus: skuIds.size,
    codes,
    listings,
  };
}
