export { addListing } from './add-listing.js';
export type {
  AddListingInput,
  BrowseCatalogInput,
  CreateShopCategoryInput,
  UpdateListingInput,
  UpdateShopCategoryInput,
} from './listings.schemas.js';
export { browseCatalog } from './browse-catalog.js';
export type { CatalogPage, CatalogProduct, CatalogSku } from './browse-catalog.js';
export { createShopCategory } from './create-shop-category.js';
export { deleteShopCategory } from './delete-shop-category.js';
export { listShopCategories } from './list-shop-categories.js';
export { listShopListings } from './list-shop-listings.js';
export type { ShopListing } from './list-shop-listings.js';
export type { Listing } from './listing-views.js';
export {
  LISTING_CHANGE_NOTIFICATION,
  listingSyncJob,
  listingSyncPayloadSchema,
  syncListings,
} from './listing-sync.job.js';
export type { ListingSyncPayload } from './listing-sync.job.js';
export { ListingErrors } from './listings.errors.js';
export type { ListingRow, ShopCategoryRow } from './listings.queries.js';
export { MAX_MARKUP_BPS } from './listings.schemas.js';
export { deriveListingState, formatMarkup, listingPriceFen, markupPriceFen } from './pricing.js';
export type { ListingPricing, ListingStatus } from './pricing.js';
export { removeListing } from './remove-listing.js';
export { requestListingSync } from './request-listing-sync.js';
export { setStockDisplay } from './set-stock-display.js';
export { updateListing } from './update-listing.js';
export { updateShopCategory } from './update-shop-category.js';
