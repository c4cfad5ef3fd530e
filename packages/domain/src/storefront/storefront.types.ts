import type { ProductType, StockDisplay } from '@cardshop/db';
import type { StockView } from './stock-view.js';

/** What the storefront pages show; no exact stock count unless the shop's mode shows it. */

export interface ShopCategory {
  id: string;
  slug: string;
  name: string;
  icon: string;
}

export interface ProductCard {
  productId: string;
  name: string;
  type: ProductType;
  imagePath: string | null;
  icon: string;
  minPriceFen: number;
  skuCount: number;
  stock: StockView;
}

export interface PageInfo {
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

export interface ShopFrame {
  stockDisplay: StockDisplay;
  /** The shop's visible categories, in its order. */
  categories: ShopCategory[];
}

export interface ShopHomePage extends ShopFrame {
  featured: ProductCard[];
  sections: Array<{ category: ShopCategory; products: ProductCard[]; total: number }>;
  /** Goods in no category, one page at a time. */
  others: { products: ProductCard[] } & PageInfo;
  /** False when the shop has nothing on sale at all. */
  hasGoods: boolean;
}

export interface CategoryPage extends ShopFrame {
  category: ShopCategory;
  products: ProductCard[];
  pageInfo: PageInfo;
}

export interface SearchPage extends ShopFrame {
  query: string;
  products: ProductCard[];
  pageInfo: PageInfo;
}

export interface ProductPageSku {
  id: string;
  /** The shop's listing of this SKU (what the cart and checkout take). */
  listingId: string;
  name: string;
  faceValueFen: number | null;
  priceFen: number;
  minPerOrder: number;
  maxPerOrder: number;
  stock: StockView;
}

export interface ProductPage extends ShopFrame {
  product: {
    id: string;
    name: string;
    type: ProductType;
    /** Sanitised HTML rendered from the Markdown description. */
    descriptionHtml: string;
    /** The description as plain text, at most 120 characters, for meta tags. */
    summary: string;
    imagePath: string | null;
    /** Shown to the buyer before purchase, e.g. "仅限中国大陆区账号". */
    regionLock: string | null;
    platformCategory: { name: string; nameEn: string; icon: string };
    /** The shop category its first listed SKU is in, for the breadcrumb. */
    shopCategory: ShopCategory | null;
  };
  skus: ProductPageSku[];
  minPriceFen: number;
}
