import { sql, type Kysely } from 'kysely';

// The double-entry ledger: one book for the platform, in fen. Balances are sums of lines; an entry's
// lines sum to zero per currency (checked at commit), and entries are never changed, only reversed
// by new ones. A shop's transaction posts the entries its orders cause (origin_tenant_id) and reads
// those and its own accounts; a supplier reads the lines on its payable account.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table ledger_accounts (
      -- Derived from kind and owner (see the check), so any scope can name an account it cannot read.
      id text primary key,
      kind text not null check (kind in (
        'customer_balance', 'supplier_payable', 'reseller_payable', 'platform_revenue',
        'gateway_clearing', 'refunds_payable'
      )),
      currency text not null default 'CNY' check (currency ~ '^[A-Z]{3}$'),
      owner_tenant_id uuid references tenants (id),
      owner_supplier_id uuid references suppliers (id),
      owner_customer_id uuid,
      provider text check (provider ~ '^[a-z][a-z0-9_]{1,31}$'),
      created_at timestamptz not null default now(),
      constraint ledger_accounts_currency_key unique (id, currency),
      check (id = case kind
        when 'customer_balance' then 'customer_balance:' || owner_tenant_id || ':' || owner_customer_id
        when 'supplier_payable' then 'supplier_payable:' || owner_supplier_id
        when 'reseller_payable' then 'reseller_payable:' || owner_tenant_id
        when 'gateway_clearing' then 'gateway_clearing:' || provider
        else kind end),
      check ((kind in ('customer_balance', 'reseller_payable')) = (owner_tenant_id is not null)),
      check ((kind = 'customer_balance') = (owner_customer_id is not null)),
      check ((kind = 'supplier_payable') = (owner_supplier_id is not null)),
      check ((kind = 'gateway_clearing') = (provider is not null))
    );
    create index ledger_accounts_supplier on ledger_accounts (owner_supplier_id)
      where owner_supplier_id is not null;

    create table ledger_entries (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind ~ '^[a-z][a-z_]{1,39}$'),
      -- What the entry does once, e.g. 'sale:<payment id>': a second posting of it fails.
      idempotency_key text not null unique check (length(idempotency_key) between 3 and 200),
      origin_tenant_id uuid references tenants (id),
      order_id uuid,
      payment_id uuid,
      refund_id uuid,
      reverses_entry_id uuid unique references ledger_entries (id),
      memo text not null default '' check (length(memo) <= 500),
      created_at timestamptz not null default now()
    );
    create index ledger_entries_order on ledger_entries (origin_tenant_id, order_id)
      where order_id is not null;

    create table ledger_lines (
      entry_id uuid not null references ledger_entries (id),
      line_no smallint not null check (line_no between 1 and 100),
      account_id text not null,
      currency text not null,
      -- Debit positive, credit negative.
      amount_fen bigint not null check (amount_fen <> 0),
      primary key (entry_id, line_no),
      foreign key (account_id, currency) references ledger_accounts (id, currency)
    );
    create index ledger_lines_account on ledger_lines (account_id);

    -- Runs at commit (deferred), once per inserted row: the entry has two lines or more and its
    -- lines sum to zero in each currency. The argument names the column holding the entry id.
    create function ledger_check_balanced() returns trigger
      language plpgsql
      as $$
      declare
        entry uuid := (to_jsonb(new) ->> tg_argv[0])::uuid;
        lines integer;
        off record;
      begin
        select count(*) into lines from ledger_lines where entry_id = entry;
        if lines < 2 then
          raise exception 'ledger entry % has % line(s); an entry needs two or more', entry, lines;
        end if;
        for off in
          select currency, sum(amount_fen) as total from ledger_lines
          where entry_id = entry group by currency having sum(amount_fen) <> 0
        loop
          raise exception 'ledger entry % does not balance: % % off', entry, off.total, off.currency;
        end loop;
        return null;
      end $$;
    create constraint trigger ledger_lines_balanced after insert on ledger_lines
      deferrable initially deferred for each row execute function ledger_check_balanced('entry_id');
    create constraint trigger ledger_entries_balanced after insert on ledger_entries
      deferrable initially deferred for each row execute function ledger_check_balanced('id');

    create trigger ledger_entries_append_only before update or delete on ledger_entries
      for each row execute function forbid_change();
    create trigger ledger_entries_no_truncate before truncate on ledger_entries
      for each statement execute function forbid_change();
    create trigger ledger_lines_append_only before update or delete on ledger_lines
      for each row execute function forbid_change();
    create trigger ledger_lines_no_truncate before truncate on ledger_lines
      for each statement execute function forbid_change();
    create trigger ledger_accounts_append_only before update or delete on ledger_accounts
      for each row execute function forbid_change();

    alter table ledger_accounts enable row level security;
    alter table ledger_accounts force row level security;
    create policy tenant_open on ledger_accounts for insert to cardshop_app
      with check (app_current_supplier() is null and app_current_tenant() is not null
                  and (owner_tenant_id is null or owner_tenant_id = app_current_tenant()));
    create policy own_accounts on ledger_accounts for select to cardshop_app
      using (owner_tenant_id = app_current_tenant() or owner_supplier_id = app_current_supplier());
    create policy platform_scope on ledger_accounts to cardshop_platform using (true) with check (true);

    alter table ledger_entries enable row level security;
    alter table ledger_entries force row level security;
    create policy tenant_post on ledger_entries for insert to cardshop_app
      with check (app_current_supplier() is null and origin_tenant_id = app_current_tenant());
    create policy tenant_read on ledger_entries for select to cardshop_app
      using (origin_tenant_id = app_current_tenant());
    create policy platform_scope on ledger_entries to cardshop_platform using (true) with check (true);

    alter table ledger_lines enable row level security;
    alter table ledger_lines force row level security;
    create policy tenant_post on ledger_lines for insert to cardshop_app
      with check (app_current_supplier() is null and exists (
        select 1 from ledger_entries e
        where e.id = ledger_lines.entry_id and e.origin_tenant_id = app_current_tenant()));
    create policy tenant_read on ledger_lines for select to cardshop_app
      using (exists (
        select 1 from ledger_entries e
        where e.id = ledger_lines.entry_id and e.origin_tenant_id = app_current_tenant()));
    create policy supplier_read on ledger_lines for select to cardshop_app
      using (exists (
        select 1 from ledger_accounts a
        where a.id = ledger_lines.account_id and a.owner_supplier_id = app_current_supplier()));
    create policy platform_scope on ledger_lines to cardshop_platform using (true) with check (true);

    grant select, insert on ledger_accounts, ledger_entries, ledger_lines
      to cardshop_app, cardshop_platform;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table ledger_lines;
    drop table ledger_entries;
    drop table ledger_accounts;
    drop function ledger_check_balanced();
  `.execute(db);
}
