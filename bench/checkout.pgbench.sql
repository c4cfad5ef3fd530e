-- One checkout as pgbench sees it: the same four transactions the platform runs (create the order
-- and reserve a code, start the payment, accept the gateway's notification and book the sale,
-- deliver), statement for statement, as the application role under RLS. Variables come from
-- bench/checkout.ts: -D tenant=... -D listing=... -D sku=... -D supplier=... -D product=...

-- 1. createOrder
BEGIN;
SELECT set_config('role', 'cardshop_app', true), set_config('app.tenant_id', ':tenant', true), set_config('app.supplier_id', '', true);
SELECT id, request_hash FROM orders WHERE tenant_id = ':tenant' AND idempotency_key = md5(random()::text);
SELECT l.id, l.status, l.visible, l.price_fen, k.id, k.name, k.status, k.wholesale_price_fen, k.min_per_order, k.max_per_order, p.id, p.name, p.type, p.status, p.topup_fields, s.id, s.status, st.available
  FROM listings l JOIN skus k ON k.id = l.sku_id JOIN products p ON p.id = k.product_id JOIN suppliers s ON s.id = k.supplier_id LEFT JOIN sku_stock st ON st.sku_id = k.id
  WHERE l.tenant_id = ':tenant' AND l.id IN (':listing');
SELECT gen_random_uuid() AS customer \gset
SELECT pg_advisory_xact_lock(hashtextextended('checkout:' || ':tenant' || ':' || 'customerId' || ':' || ':customer', 0));
SELECT count(*) FILTER (WHERE customer_id = ':customer'::uuid)::int FROM orders
  WHERE tenant_id = ':tenant' AND status = 'pending_payment' AND expires_at > now() AND (customer_id = ':customer' OR false);
INSERT INTO orders (tenant_id, number, idempotency_key, request_hash, customer_id, total_fen, wholesale_fen, expires_at)
  VALUES (':tenant', lpad((random() * 1e16)::bigint::text, 16, '0'), 'pgb-' || gen_random_uuid(), sha256('x'), ':customer', 1200, 1000, now() + interval '15 minutes')
  ON CONFLICT DO NOTHING RETURNING id AS order_id \gset
INSERT INTO order_lines (tenant_id, order_id, line_no, listing_id, product_id, sku_id, supplier_id, product_type, product_name, sku_name, unit_price_fen, unit_wholesale_fen, quantity)
  VALUES (':tenant', ':order_id', 1, ':listing', ':product', ':sku', ':supplier', 'card_code', '王者荣耀点券', '面值 10 元', 1200, 1000, 1)
  RETURNING id AS line_id \gset
WITH picked AS (
  SELECT id, sell_limit, allocation_seq, sku_id, supplier_id FROM card_codes
  WHERE sku_id = ':sku' AND state = 'available' ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED
), allocated AS (
  INSERT INTO code_allocations (code_id, unit, sku_id, supplier_id, order_tenant_id, order_id, order_line_id)
  SELECT id, CASE WHEN sell_limit = 1 THEN 1 ELSE allocation_seq + 1 END, sku_id, supplier_id, ':tenant', ':order_id', ':line_id' FROM picked
  RETURNING code_id
) SELECT count(*)::int AS n FROM allocated;
UPDATE card_codes c SET
    state = CASE WHEN c.sell_limit = 1 THEN 'reserved' WHEN c.sold_count + 1 >= c.sell_limit THEN 'sold' ELSE 'available' END,
    reserved_until = CASE WHEN c.sell_limit = 1 THEN now() + interval '15 minutes' END,
    sold_count = c.sold_count + 1, allocation_seq = c.allocation_seq + 1
  FROM code_allocations a
  WHERE a.order_tenant_id = ':tenant' AND a.order_line_id = ':line_id' AND a.state = 'reserved' AND c.id = a.code_id;
INSERT INTO outbox (id, queue, name, payload, run_at)
  VALUES (gen_random_uuid(), 'orders', 'orders.expire', jsonb_build_object('tenantId', ':tenant', 'orderId', ':order_id'), now() + interval '15 minutes');
UPDATE sku_stock SET available = available - 1, reserved = reserved + 1, updated_at = now() WHERE sku_id = ':sku';
COMMIT;

-- 2. startPayment
BEGIN;
SELECT set_config('role', 'cardshop_app', true), set_config('app.tenant_id', ':tenant', true), set_config('app.supplier_id', '', true);
SELECT id, status, total_fen, expires_at FROM orders WHERE tenant_id = ':tenant' AND id = ':order_id';
SELECT id FROM payments WHERE tenant_id = ':tenant' AND order_id = ':order_id' AND provider = 'test' AND status = 'pending';
INSERT INTO payments (tenant_id, order_id, provider, amount_fen, currency) VALUES (':tenant', ':order_id', 'test', 1200, 'CNY') RETURNING id AS payment_id \gset
SELECT product_name, sku_name FROM order_lines WHERE tenant_id = ':tenant' AND order_id = ':order_id' ORDER BY line_no;
COMMIT;

-- 3. handlePaymentNotification (the HMAC check happens in the application, before the database)
BEGIN;
SELECT set_config('role', 'cardshop_app', true), set_config('app.tenant_id', ':tenant', true), set_config('app.supplier_id', '', true);
SELECT id, status, amount_fen FROM payments WHERE tenant_id = ':tenant' AND id = ':payment_id' FOR UPDATE;
SELECT id FROM payment_notifications WHERE tenant_id = ':tenant' AND provider = 'test' AND event_id = 'evt-' || ':payment_id';
SELECT id FROM payments WHERE tenant_id = ':tenant' AND provider = 'test' AND provider_transaction_id = 'tp-' || ':payment_id';
UPDATE payments SET status = 'succeeded', provider_transaction_id = 'tp-' || ':payment_id', succeeded_at = now(), updated_at = now()
  WHERE tenant_id = ':tenant' AND id = ':payment_id' AND status IN ('pending', 'failed');
SELECT id, status, total_fen FROM orders WHERE tenant_id = ':tenant' AND id = ':order_id' FOR UPDATE;
SELECT id, supplier_id, total_fen, unit_wholesale_fen, quantity FROM order_lines WHERE tenant_id = ':tenant' AND order_id = ':order_id' ORDER BY line_no;
UPDATE orders SET status = 'paid', paid_at = now(), platform_fee_fen = 0, updated_at = now() WHERE tenant_id = ':tenant' AND id = ':order_id' AND status IN ('pending_payment');
UPDATE order_lines SET status = 'paid' WHERE tenant_id = ':tenant' AND order_id = ':order_id' AND status IN ('pending_payment');
UPDATE order_lines SET platform_fee_fen = 0 WHERE tenant_id = ':tenant' AND id = ':line_id';
INSERT INTO ledger_accounts (id, kind, currency, owner_tenant_id, owner_supplier_id, provider) VALUES
  ('gateway_clearing:test', 'gateway_clearing', 'CNY', NULL, NULL, 'test'),
  ('supplier_payable:' || ':supplier', 'supplier_payable', 'CNY', NULL, ':supplier', NULL),
  ('reseller_payable:' || ':tenant', 'reseller_payable', 'CNY', ':tenant', NULL, NULL)
  ON CONFLICT DO NOTHING;
SELECT gen_random_uuid() AS entry_id \gset
INSERT INTO ledger_entries (id, kind, idempotency_key, origin_tenant_id, order_id, payment_id) VALUES (':entry_id', 'sale', 'sale:' || ':payment_id', ':tenant', ':order_id', ':payment_id');
INSERT INTO ledger_lines (entry_id, line_no, account_id, currency, amount_fen) VALUES
  (':entry_id', 1, 'gateway_clearing:test', 'CNY', 1200),
  (':entry_id', 2, 'supplier_payable:' || ':supplier', 'CNY', -1000),
  (':entry_id', 3, 'reseller_payable:' || ':tenant', 'CNY', -200);
INSERT INTO outbox (id, queue, name, payload) VALUES (gen_random_uuid(), 'delivery', 'delivery.deliver-order', jsonb_build_object('tenantId', ':tenant', 'orderId', ':order_id'));
INSERT INTO payment_notifications (tenant_id, provider, event_id, provider_transaction_id, payment_id, body_sha256, amount_fen, currency, outcome)
  VALUES (':tenant', 'test', 'evt-' || ':payment_id', 'tp-' || ':payment_id', ':payment_id', sha256(':payment_id'::bytea), 1200, 'CNY', 'paid');
COMMIT;

-- 4. deliverOrder (the delivery job)
BEGIN;
SELECT set_config('role', 'cardshop_app', true), set_config('app.tenant_id', ':tenant', true), set_config('app.supplier_id', '', true);
SELECT id, status FROM orders WHERE tenant_id = ':tenant' AND id = ':order_id' FOR UPDATE;
SELECT id, status, product_type, quantity FROM order_lines WHERE tenant_id = ':tenant' AND order_id = ':order_id' ORDER BY line_no;
WITH mine AS (
  SELECT code_id, unit FROM code_allocations WHERE order_tenant_id = ':tenant' AND order_line_id IN (':line_id') AND state = 'reserved' FOR UPDATE
), sold AS (
  UPDATE code_allocations a SET state = 'sold', sold_at = now() FROM mine WHERE a.code_id = mine.code_id AND a.unit = mine.unit
  RETURNING a.code_id, a.order_line_id, a.sku_id
), codes AS (
  UPDATE card_codes c SET state = 'sold', reserved_until = NULL, sold_at = now() FROM sold
  WHERE c.id = sold.code_id AND c.sell_limit = 1 AND c.state = 'reserved' RETURNING c.id
) SELECT sold.order_line_id, sold.sku_id, count(*)::int FROM sold GROUP BY sold.order_line_id, sold.sku_id;
UPDATE order_lines SET status = 'delivered', delivered_at = now() WHERE tenant_id = ':tenant' AND order_id = ':order_id' AND status IN ('paid') AND id IN (':line_id');
UPDATE orders SET status = 'delivered', delivered_at = coalesce(delivered_at, now()), updated_at = now() WHERE tenant_id = ':tenant' AND id = ':order_id';
UPDATE sku_stock SET reserved = reserved - 1, sold = sold + 1, updated_at = now() WHERE sku_id = ':sku';
COMMIT;
