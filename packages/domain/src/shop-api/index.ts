export type { ApiOrder, ApiOrderLine } from './api-order.js';
export { getApiOrder } from './get-api-order.js';
export { listApiCatalog } from './list-api-catalog.js';
export type { ApiCatalogItem } from './list-api-catalog.js';
export { listApiOrders } from './list-api-orders.js';
export { API_PAGE_DEFAULT, API_PAGE_MAX } from './shop-api.schemas.js';
export { ShopApiErrors } from './shop-api.errors.js';
export type { ApiPage } from './shop-api-page.js';
