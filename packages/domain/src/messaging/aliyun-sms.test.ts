import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  ALIYUN_SMS_ENDPOINT,
  aliyunCanonicalQuery,
  aliyunPercentEncode,
  aliyunRpcSignature,
  createAliyunSmsSender,
} from './aliyun-sms.js';
import { fakeAliyunSms } from './aliyun-sms.mock.js';
import { sendSecurityNotice } from '../security/security-notices.js';
import type { EmailMessage } from './messaging.js';

const keys = { accessKeyId: 'LTAI5tTestKeyId', accessKeySecret: 'test-access-key-secret' };
const provider = fakeAliyunSms(keys);
// Aliyun's real endpoint, answered by the fake provider; any other request fails the test.
const server = setupServer(
  http.all(ALIYUN_SMS_ENDPOINT, ({ request }) => provider.handler(request)),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  provider.failWith(null);
  server.resetHandlers();
});
afterAll(() => server.close());

const sender = (overrides: Partial<typeof keys> = {}) =>
  createAliyunSmsSender({
    ...keys,
    ...overrides,
    signName: '星光卡铺',
    templateCode: 'SMS_154950909',
  });

describe('Aliyun SMS signature', () => {
  test('matches the SendSms example in Aliyun’s documentation', () => {
    const params = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };
    expect(aliyunCanonicalQuery(params)).toBe(
      'AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001&RegionId=cn-hangzhou&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8&SignatureMethod=HMAC-SHA1&SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466&SignatureVersion=1.0&TemplateCode=SMS_71390007&TemplateParam=%7B%22customer%22%3A%22test%22%7D&Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25',
    );
    expect(aliyunRpcSignature(params, 'testSecret', 'GET')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  test('matches the RPC signing example (DescribeRegions) and ignores a Signature parameter', () => {
    const params = {
      Format: 'XML',
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Version: '2014-05-26',
      Timestamp: '2016-02-23T12:46:24Z',
    };
    expect(aliyunRpcSignature(params, 'testsecret', 'GET')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
    expect(aliyunRpcSignature({ ...params, Signature: 'old' }, 'testsecret', 'GET')).toBe(
      'OLeaidS1JvxuMvnyHOwuJ+uX5qY=',
    );
  });

  test('percent-encodes the way POP requires', () => {
    expect(aliyunPercentEncode("a b*~!'()/")).toBe('a%20b%2A~%21%27%28%29%2F');
  });
});

describe('Aliyun SMS sender', () => {
  test('sends a signed SendSms request the provider accepts, with the code as template parameter', async () => {
    await sender().send('13800138000', '【星光卡铺】你的验证码是 123456', { code: '123456' });
    expect(provider.sent.at(-1)).toMatchObject({
      Action: 'SendSms',
      PhoneNumbers: '13800138000',
      SignName: '星光卡铺',
      TemplateCode: 'SMS_154950909',
      TemplateParam: '{"code":"123456"}',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      Format: 'JSON',
    });
    // Two sends never share a nonce (the provider refuses a replay).
    await sender().send('13800138000', 'again', { code: '654321' });
    expect(provider.sent.at(-1)!.SignatureNonce).not.toBe(provider.sent.at(-2)!.SignatureNonce);
  });

  test('a wrong secret is refused by the provider and reported as a send failure', async () => {
    await expect(
      sender({ accessKeySecret: 'wrong' }).send('13800138000', 'x', { code: '1' }),
    ).rejects.toMatchObject({
      code: 'SMS_SEND_FAILED',
      status: 502,
      userMessage: '短信发送失败，请稍后重试',
      details: { providerCode: 'SignatureDoesNotMatch' },
    });
  });

  test('the provider’s own frequency limit becomes a clear Chinese message', async () => {
    provider.failWith('isv.BUSINESS_LIMIT_CONTROL');
    await expect(sender().send('13800138000', 'x', { code: '1' })).rejects.toMatchObject({
      code: 'SMS_SEND_FAILED',
      userMessage: '该手机号接收验证码过于频繁，请稍后再试',
    });
  });

  test('an unreachable provider is a send failure, not a crash', async () => {
    server.use(http.all(ALIYUN_SMS_ENDPOINT, () => HttpResponse.error()));
    const down = createAliyunSmsSender({ ...keys, signName: 's', templateCode: 't' });
    await expect(down.send('13800138000', 'x', { code: '1' })).rejects.toMatchObject({
      code: 'SMS_SEND_FAILED',
    });
  });
});

describe('Aliyun SMS security notices', () => {
  const notice = {
    kind: 'payout_account_changed' as const,
    title: '收款账户已变更',
    body: '北京时间 2026/11/26 20:15，收款账户已变更。',
  };
  const mailbox = () => {
    const sent: EmailMessage[] = [];
    return {
      sent,
      sender: { kind: 'dev' as const, send: async (m: EmailMessage) => void sent.push(m) },
    };
  };

  test('a notice goes out with the notice template and { notice }, a code with the code template', async () => {
    const withNotices = createAliyunSmsSender({
      ...keys,
      signName: '星光卡铺',
      templateCode: 'SMS_154950909',
      noticeTemplateCode: 'SMS_200000001',
    });
    expect(withNotices.sendsNotices).toBe(true);
    const mail = mailbox();
    await sendSecurityNotice(
      { email: mail.sender, sms: withNotices },
      { email: 'owner@example.com', phone: '13800138000' },
      notice,
      '星光卡铺',
    );
    expect(provider.sent.at(-1)).toMatchObject({
      PhoneNumbers: '13800138000',
      TemplateCode: 'SMS_200000001',
      TemplateParam: '{"notice":"收款账户已变更"}',
    });
    expect(mail.sent).toHaveLength(1);
    await withNotices.send('13800138000', 'code', { code: '246810' });
    expect(provider.sent.at(-1)).toMatchObject({
      TemplateCode: 'SMS_154950909',
      TemplateParam: '{"code":"246810"}',
    });
  });

  test('without a notice template no notice is texted (Aliyun would refuse it); mail still goes', async () => {
    const codesOnly = sender();
    expect(codesOnly.sendsNotices).toBe(false);
    const before = provider.sent.length;
    const mail = mailbox();
    await sendSecurityNotice(
      { email: mail.sender, sms: codesOnly },
      { email: 'owner@example.com', phone: '13800138000' },
      notice,
      '星光卡铺',
    );
    expect(provider.sent.length).toBe(before);
    expect(mail.sent.map((m) => m.subject)).toEqual(['【星光卡铺】账号安全提醒：收款账户已变更']);
    // Asked directly, the sender refuses rather than sending a notice with the code template.
    await expect(codesOnly.send('13800138000', 'x', { notice: '收款账户已变更' })).rejects.toThrow(
      /ALIYUN_SMS_NOTICE_TEMPLATE_CODE/,
    );
    expect(provider.sent.length).toBe(before);
  });
});
