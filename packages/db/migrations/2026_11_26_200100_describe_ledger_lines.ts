import { sql, type Kysely } from 'kysely';

// A supplier reads the lines on its payable account but none of the entries behind them (they
// belong to the shops whose sales caused them, and a policy on ledger_entries that looked at
// ledger_lines would recurse through ledger_lines' own policy). So each line carries what its
// entry was (sale, refund, ...) and when it was posted, copied from the entry as the line is
// written; a statement of account then reads lines alone, in any scope.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table ledger_lines
      add column entry_kind text,
      add column posted_at timestamptz;

    -- The lines written so far: the owner may be subject to the forced policies, so lift them for
    -- this one statement (the migration runs in a transaction; nothing else sees the gap).
    alter table ledger_lines no force row level security;
    alter table ledger_entries no force row level security;
    alter table ledger_lines disable trigger ledger_lines_append_only;
    update ledger_lines l set entry_kind = e.kind, posted_at = e.created_at
      from ledger_entries e where e.id = l.entry_id;
    alter table ledger_lines enable trigger ledger_lines_append_only;
    alter table ledger_entries force row level security;
    alter table ledger_lines force row level security;

    alter table ledger_lines
      alter column entry_kind set not null,
      alter column posted_at set not null;

    -- Runs as the writer: a shop sees the entries it originates, the platform scope all of them,
    -- so the entry is always there to copy from.
    create function ledger_lines_describe() returns trigger
      language plpgsql
      as $$
      begin
        select e.kind, e.created_at into new.entry_kind, new.posted_at
          from ledger_entries e where e.id = new.entry_id;
        if new.entry_kind is null then
          raise exception 'ledger line of entry %: the entry is not visible to its writer', new.entry_id;
        end if;
        return new;
      end $$;
    create trigger ledger_lines_describe before insert on ledger_lines
      for each row execute function ledger_lines_describe();

    -- A statement of account: one account's lines, newest first.
    create index ledger_lines_account_time on ledger_lines (account_id, posted_at desc, entry_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index ledger_lines_account_time;
    drop trigger ledger_lines_describe on ledger_lines;
    drop function ledger_lines_describe();
    alter table ledger_lines drop column posted_at, drop column entry_kind;
  `.execute(db);
}
