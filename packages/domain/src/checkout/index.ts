export {
  checkoutOrderOptions,
  getCheckoutSettings,
  updateCheckoutSettings,
} from './checkout-settings.js';
export { CheckoutErrors } from './checkout.errors.js';
export { checkoutSettingsSchema } from './checkout.schemas.js';
export type {
  CheckoutSettings,
  CheckoutSettingsInput,
  PlaceCheckoutInput,
} from './checkout.schemas.js';
export { getCheckout } from './get-checkout.js';
export type { CheckoutLine, CheckoutSource, CheckoutView, PaymentChoice } from './get-checkout.js';
export { placeCheckout } from './place-checkout.js';
export type { PlacedCheckout } from './place-checkout.js';
