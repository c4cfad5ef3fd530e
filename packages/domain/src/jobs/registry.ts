import { expireTopupJob } from '../balance/expire-topup.job.js';
import { deliverOrderJob } from '../delivery/deliver-order.job.js';
import { fulfilmentResultJob } from '../delivery/fulfilment-result.job.js';
import { shipmentShippedJob } from '../delivery/shipment-shipped.job.js';
import { listingSyncJob } from '../listings/listing-sync.job.js';
import { expireOrderJob } from '../orders/expire-order.job.js';
import { refundPayoutJob } from '../payments/refund-payout.job.js';
import { testGatewayNotifyJob } from '../payments/test-gateway-notify.job.js';
import { sendCodesEmailJob } from '../delivery/send-codes-email.job.js';
import type { JobDefinition } from './define-job.js';

/**
 * Every job the platform runs: add a context's job definitions here. The queue adapters take
 * exactly these; the relay leaves a row naming another job open, with the reason in last_error.
 */
export const allJobs: readonly JobDefinition[] = [
  listingSyncJob,
  // buying (issue 4)
  expireOrderJob,
  deliverOrderJob,
  fulfilmentResultJob,
  refundPayoutJob,
  expireTopupJob,
  shipmentShippedJob,
  // payments over HTTP, codes mail (issue 4)
  testGatewayNotifyJob,
  sendCodesEmailJob,
];
