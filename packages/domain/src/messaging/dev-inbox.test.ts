import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createMessaging } from './create-messaging.js';
import { createDevEmailSender, createDevSmsSender, listDevInbox } from './dev-inbox.js';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'cardshop-inbox-'));

describe('dev inbox', () => {
  test('writes each message as a JSON file under DATA_DIR/mail and lists them newest first', async () => {
    const dir = tempDir();
    await createDevSmsSender(dir).send('13800138000', '验证码是 123456', { code: '123456' });
    await createDevEmailSender(dir).send({
      to: 'a@example.com',
      subject: '欢迎',
      text: '你好',
      html: '<p>你好</p>',
    });
    const files = readdirSync(path.join(dir, 'mail'));
    expect(files).toHaveLength(2);
    expect(JSON.parse(readFileSync(path.join(dir, 'mail', files[0]!), 'utf8'))).toMatchObject({
      channel: 'sms',
      to: '13800138000',
    });
    const inbox = await listDevInbox(dir);
    expect(inbox.map((m) => [m.channel, m.to, m.subject])).toEqual([
      ['email', 'a@example.com', '欢迎'],
      ['sms', '13800138000', null],
    ]);
    expect(inbox[0]).toMatchObject({
      text: '你好',
      html: '<p>你好</p>',
      sentAt: expect.any(String),
    });
    expect(await listDevInbox(dir, { to: '13800138000' })).toHaveLength(1);
    expect(await listDevInbox(dir, { limit: 1 })).toHaveLength(1);
  });

  test('an inbox nobody wrote to yet is empty', async () => {
    expect(await listDevInbox(tempDir())).toEqual([]);
  });
});

describe('createMessaging', () => {
  const aliyun = {
    ALIYUN_SMS_ACCESS_KEY_ID: 'LTAI-test',
    ALIYUN_SMS_ACCESS_KEY_SECRET: 'secret',
    ALIYUN_SMS_SIGN_NAME: '卡盟云',
    ALIYUN_SMS_TEMPLATE_CODE: 'SMS_1',
  };
  const base = { DATA_DIR: tempDir(), NODE_ENV: 'test' as const };

  test('embedded mode always uses the dev inbox, even with a provider configured', () => {
    const m = createMessaging({ ...base, embedded: true, ...aliyun });
    expect([m.sms.kind, m.email.kind]).toEqual(['dev', 'dev']);
  });

  test('a server without an SMS provider uses the dev inbox', () => {
    expect(createMessaging({ ...base, embedded: false }).sms.kind).toBe('dev');
  });

  test('a server with Aliyun configured sends SMS through Aliyun', () => {
    expect(createMessaging({ ...base, embedded: false, ...aliyun }).sms.kind).toBe('aliyun');
  });

  test('the notice template is optional: with it Aliyun texts notices, without it not', () => {
    expect(createMessaging({ ...base, embedded: false, ...aliyun }).sms.sendsNotices).toBe(false);
    expect(
      createMessaging({
        ...base,
        embedded: false,
        ...aliyun,
        ALIYUN_SMS_NOTICE_TEMPLATE_CODE: 'SMS_2',
      }).sms.sendsNotices,
    ).toBe(true);
    expect(createMessaging({ ...base, embedded: false }).sms.sendsNotices).toBe(true);
    expect(() =>
      createMessaging({ ...base, embedded: false, ALIYUN_SMS_NOTICE_TEMPLATE_CODE: 'SMS_2' }),
    ).toThrow(/ALIYUN_SMS_ACCESS_KEY_ID: required when ALIYUN_SMS_NOTICE_TEMPLATE_CODE is set/);
  });

  test('half an Aliyun configuration is refused at start-up, naming what is missing', () => {
    expect(() =>
      createMessaging({
        ...base,
        embedded: false,
        ALIYUN_SMS_ACCESS_KEY_ID: 'LTAI-test',
        ALIYUN_SMS_SIGN_NAME: '卡盟云',
      }),
    ).toThrow(/ALIYUN_SMS_ACCESS_KEY_SECRET: required[\s\S]*ALIYUN_SMS_TEMPLATE_CODE: required/);
  });
});
