import { describe, expect, test } from 'vitest';
import {
  buildStaff,
  buildStaffContext,
  staffSignedIn,
  TEST_PASSWORD,
  useTestDatabase,
} from '../testing/index.js';
import { signInStaff } from './sign-in-staff.js';
import { invalidateStaffSession, validateStaffSession } from './staff-sessions.js';

const t = useTestDatabase();
const meta = { ip: '198.51.100.7', userAgent: 'vitest' };
const ctx = () => buildStaffContext(t, meta);

describe('signInStaff', () => {
  test('a correct password opens a session whose token validates to that person', async () => {
    const staff = await buildStaff(t.db, { platformRole: 'operator' });
    const { token } = staffSignedIn(
      await signInStaff(ctx(), { email: staff.email, password: TEST_PASSWORD }),
    );
    const result = await validateStaffSession(t.db, token);
    expect(result?.user).toMatchObject({
      id: staff.id,
      email: staff.email,
      platformRole: 'operator',
    });
  });

  test('stores only a hash of the secret, never the token', async () => {
    const staff = await buildStaff(t.db);
    const { token } = staffSignedIn(
      await signInStaff(ctx(), { email: staff.email, password: TEST_PASSWORD }),
    );
    const [id, secret] = token.split('.');
    const row = await t.owner
      .selectFrom('staff_sessions')
      .selectAll()
      .where('id', '=', id!)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(row.secret_hash).toString('utf8')).not.toContain(secret);
    expect(row.secret_hash).toHaveLength(32);
    expect(row).toMatchObject({ ip: meta.ip, user_agent: 'vitest' });
  });

  test('a wrong password and an unknown email fail the same way', async () => {
    const staff = await buildStaff(t.db);
    const wrong = signInStaff(ctx(), { email: staff.email, password: 'not-the-password' });
    const unknown = signInStaff(ctx(), { email: 'nobody@example.com', password: 'whatever-it-is' });
    await expect(wrong).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
      userMessage: '邮箱或密码不正确',
    });
    await expect(unknown).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
      userMessage: '邮箱或密码不正确',
    });
  });

  test('a disabled account cannot sign in and its live sessions stop working', async () => {
    const staff = await buildStaff(t.db);
    const { token } = staffSignedIn(
      await signInStaff(ctx(), { email: staff.email, password: TEST_PASSWORD }),
    );
    await t.owner
      .updateTable('staff_users')
      .set({ status: 'disabled' })
      .where('id', '=', staff.id)
      .execute();
    expect(await validateStaffSession(t.db, token)).toBeNull();
    await expect(
      signInStaff(ctx(), { email: staff.email, password: TEST_PASSWORD }),
    ).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
  });
});

describe('validateStaffSession', () => {
  test('rejects a tampered secret, a malformed token, an expired and a revoked session', async () => {
    const staff = await buildStaff(t.db);
    const { token } = staffSignedIn(
      await signInStaff(ctx(), { email: staff.email, password: TEST_PASSWORD }),
    );
    const [id, secret] = token.split('.') as [string, string];
    const tampered = `${id}.${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`;
    expect(await validateStaffSession(t.db, tampered)).toBeNull();
    expect(await validateStaffSession(t.db, 'garbage')).toBeNull();

    await t.owner
      .updateTable('staff_sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    expect(await validateStaffSession(t.db, token)).toBeNull();
    expect(
      await t.owner
        .selectFrom('staff_sessions')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst(),
    ).toBeUndefined();

    const second = staffSignedIn(
      await signInStaff(ctx(), { email: staff.email, password: TEST_PASSWORD }),
    );
    const secondId = second.token.split('.')[0]!;
    await invalidateStaffSession(t.db, secondId);
    expect(await validateStaffSession(t.db, second.token)).toBeNull();
  });

  test('slides the expiry forward when the session is used', async () => {
    const staff = await buildStaff(t.db);
    const { token } = staffSignedIn(
      await signInStaff(ctx(), { email: staff.email, password: TEST_PASSWORD }),
    );
    const id = token.split('.')[0]!;
    const soon = new Date(Date.now() + 60_000);
    await t.owner
      .updateTable('staff_sessions')
      .set({ expires_at: soon, last_used_at: new Date(Date.now() - 10 * 60_000) })
      .where('id', '=', id)
      .execute();
    const result = await validateStaffSession(t.db, token);
    expect(result!.session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
  });
});
