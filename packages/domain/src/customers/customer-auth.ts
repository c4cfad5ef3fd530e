/** The signed-in customer of a request, as the storefront resolved it from the session cookie. */
export interface CustomerAuth {
  customerId: string;
  sessionId: string;
}
