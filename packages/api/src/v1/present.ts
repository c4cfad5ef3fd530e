import type { ApiCatalogItem, ApiOrder, ApiPage } from '@cardshop/domain';

// The API's JSON: snake_case, amounts in fen, times in ISO 8601 (UTC). docs/api.md describes it.

export function listJson<T, J>(page: ApiPage<T>, item: (value: T) => J) {
  return {
    object: 'list' as const,
    data: page.items.map(item),
    has_more: page.hasMore,
    next_cursor: page.nextCursor,
  };
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function catalogItemJson(item: ApiCatalogItem) {
  return {
    object: 'listing' as const,
    listing_id: item.listingId,
    product: {
      id: item.product.id,
      name: item.product.name,
      type: item.product.type,
      category: item.product.category,
      category_en: item.product.categoryEn,
    },
    sku: { id: item.sku.id, name: item.sku.name, face_value_fen: item.sku.faceValueFen },
    price_fen: item.priceFen,
    currency: item.currency,
    min_per_order: item.minPerOrder,
    max_per_order: item.maxPerOrder,
    stock: { display: item.stock.mode, level: item.stock.level, count: item.stock.count },
  };
}

export function orderJson(order: ApiOrder) {
  return {
    object: 'order' as const,
    number: order.number,
    status: order.status,
    currency: order.currency,
    total_fen: order.totalFen,
    refunded_fen: order.refundedFen,
    created_at: iso(order.createdAt),
    expires_at: iso(order.expiresAt),
    paid_at: iso(order.paidAt),
    delivered_at: iso(order.deliveredAt),
    closed_at: iso(order.closedAt),
    lines: order.lines.map((line) => ({
      line_no: line.lineNo,
      product_id: line.productId,
      sku_id: line.skuId,
      product_type: line.productType,
      product_name: line.productName,
      sku_name: line.skuName,
      quantity: line.quantity,
      unit_price_fen: line.unitPriceFen,
      total_fen: line.totalFen,
      status: line.status,
      delivered_at: iso(line.deliveredAt),
      refunded_at: iso(line.refundedAt),
    })),
  };
}
