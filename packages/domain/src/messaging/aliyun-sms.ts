import { createHmac, randomUUID } from 'node:crypto';
import { DomainError } from '../errors.js';
import { MessagingErrors } from './messaging.errors.js';
import type { SmsSender } from './messaging.js';

export const ALIYUN_SMS_ENDPOINT = 'https://dysmsapi.aliyuncs.com/';

export interface AliyunSmsConfig {
  accessKeyId: string;
  accessKeySecret: string;
  /** The approved signature (签名), shown by the carrier as 【SignName】. */
  signName: string;
  /** The approved verification-code template, e.g. SMS_123456789, with a ${code} variable. */
  templateCode: string;
  /**
   * The approved security-notice template, with a ${notice} variable (what happened, e.g.
   * 收款账户已变更). Without it notices are not texted (they still go by mail and in-site).
   */
  noticeTemplateCode?: string | undefined;
}

/** RFC 3986 encoding as Alibaba Cloud's POP signing requires (space as %20, `*` and `'()!` encoded). */
export function aliyunPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Parameters sorted by name and encoded: the canonicalized query string of the RPC scheme. */
export function aliyunCanonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${aliyunPercentEncode(k)}=${aliyunPercentEncode(params[k]!)}`)
    .join('&');
}

/**
 * Signature v1 of Alibaba Cloud RPC APIs: Base64(HMAC-SHA1(secret + "&",
 * method + "&" + encode("/") + "&" + encode(canonicalized query))).
 */
export function aliyunRpcSignature(
  params: Record<string, string>,
  accessKeySecret: string,
  method: 'GET' | 'POST' = 'POST',
): string {
  const stringToSign = `${method}&${aliyunPercentEncode('/')}&${aliyunPercentEncode(aliyunCanonicalQuery(params))}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** Timestamps are ISO 8601 in UTC without milliseconds: 2017-07-12T02:42:19Z. */
function aliyunTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface SendSmsResponse {
  Code?: string;
  Message?: string;
  RequestId?: string;
  BizId?: string;
}

/** Aliyun SMS (dysmsapi, SendSms 2017-05-25) over its signed RPC API, as a form POST. */
export function createAliyunSmsSender(
  config: AliyunSmsConfig,
  options: { endpoint?: string; fetch?: typeof fetch; timeoutMs?: number } = {},
): SmsSender {
  const endpoint = options.endpoint ?? ALIYUN_SMS_ENDPOINT;
  const doFetch = options.fetch ?? fetch;
  return {
    kind: 'aliyun',
    sendsNotices: Boolean(config.noticeTemplateCode),
    async send(to, _text, templateParams) {
      if (!templateParams) {
        throw new Error('Aliyun SMS sends templates only: pass the template parameters');
      }
      // A `notice` parameter is a security notice, sent with its own template; anything else is
      // a verification code.
      const isNotice = 'notice' in templateParams;
      if (isNotice && !config.noticeTemplateCode) {
        throw new Error('Aliyun SMS has no notice template: set ALIYUN_SMS_NOTICE_TEMPLATE_CODE');
      }
      const templateCode = isNotice ? config.noticeTemplateCode! : config.templateCode;
      const params: Record<string, string> = {
        AccessKeyId: config.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        PhoneNumbers: to,
        RegionId: 'cn-hangzhou',
        SignName: config.signName,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: randomUUID(),
        SignatureVersion: '1.0',
        TemplateCode: templateCode,
        TemplateParam: JSON.stringify(templateParams),
        Timestamp: aliyunTimestamp(new Date()),
        Version: '2017-05-25',
      };
      params.Signature = aliyunRpcSignature(params, config.accessKeySecret, 'POST');
      const body = Object.entries(params)
        .map(([k, v]) => `${aliyunPercentEncode(k)}=${aliyunPercentEncode(v)}`)
        .join('&');
      let response: Response;
      try {
        response = await doFetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (cause) {
        throw new DomainError(MessagingErrors.SMS_SEND_FAILED, {
          message: `Aliyun SMS unreachable: ${(cause as Error).message}`,
          userMessage: '短信发送失败，请稍后重试',
          status: 502,
          cause,
        });
      }
      const result = (await response.json().catch(() => ({}))) as SendSmsResponse;
      if (!response.ok || result.Code !== 'OK') {
        const code = result.Code ?? `HTTP ${response.status}`;
        throw new DomainError(MessagingErrors.SMS_SEND_FAILED, {
          message: `Aliyun SMS refused: ${code} ${result.Message ?? ''} (request ${result.RequestId ?? '-'})`,
          userMessage:
            code === 'isv.BUSINESS_LIMIT_CONTROL'
              ? '该手机号接收验证码过于频繁，请稍后再试'
              : code === 'isv.MOBILE_NUMBER_ILLEGAL'
                ? '手机号无法接收短信，请检查号码'
                : '短信发送失败，请稍后重试',
          status: 502,
          details: { providerCode: code },
        });
      }
    },
  };
}
