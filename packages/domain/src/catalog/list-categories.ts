import type { Database, PlatformTx } from '@cardshop/db';
import { countProductsByCategory, selectAllCategories, type Category } from './catalog.queries.js';

export interface CategoryNode extends Category {
  children: CategoryNode[];
}

export interface PlatformCategoryNode extends Category {
  productCount: number;
  children: PlatformCategoryNode[];
}

/** Nodes arrive in display order, so appending keeps siblings ordered. Orphans are dropped. */
function buildTree<N extends Category & { children: N[] }>(nodes: N[]): N[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const roots: N[] = [];
  for (const node of nodes) {
    if (node.parentId === null) roots.push(node);
    else byId.get(node.parentId)?.children.push(node);
  }
  return roots;
}

/**
 * The category tree shops and buyers see: active categories only (a hidden one hides its
 * children too), siblings by sort order then name. Categories are public, so any scope reads them.
 */
export async function listCategoryTree(db: Database): Promise<CategoryNode[]> {
  const rows = await selectAllCategories(db);
  return buildTree<CategoryNode>(
    rows.filter((r) => r.status === 'active').map((r) => ({ ...r, children: [] })),
  );
}

/** The whole tree for the platform console, hidden categories included, with product counts. */
export async function platformListCategories(trx: PlatformTx): Promise<PlatformCategoryNode[]> {
  const rows = await selectAllCategories(trx);
  const counts = await countProductsByCategory(trx);
  return buildTree<PlatformCategoryNode>(
    rows.map((r) => ({ ...r, productCount: counts.get(r.id) ?? 0, children: [] })),
  );
}
