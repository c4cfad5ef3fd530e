import { aliyunRpcSignature } from './aliyun-sms.js';

// A stand-in for Aliyun's dysmsapi endpoint that checks requests the way the real one does
// (access key, signature over the canonicalized parameters, fresh timestamp, unused nonce) and
// answers in its JSON shape. The handler takes and returns standard Request/Response objects and
// sits behind MSW: `http.all(ALIYUN_SMS_ENDPOINT, ({ request }) => handler(request))`.

export interface FakeAliyunSms {
  handler(request: Request): Promise<Response>;
  /** Every accepted SendSms call's parameters, oldest first. */
  sent: Array<Record<string, string>>;
  /** Answer the next SendSms calls with this provider error code instead of OK. */
  failWith(code: string | null): void;
}

const REQUIRED = [
  'AccessKeyId',
  'Action',
  'PhoneNumbers',
  'SignName',
  'SignatureMethod',
  'SignatureNonce',
  'SignatureVersion',
  'TemplateCode',
  'Timestamp',
  'Version',
  'Signature',
];

export function fakeAliyunSms(keys: {
  accessKeyId: string;
  accessKeySecret: string;
}): FakeAliyunSms {
  const sent: Array<Record<string, string>> = [];
  const nonces = new Set<string>();
  let failure: string | null = null;
  const answer = (status: number, body: Record<string, string>) =>
    Response.json({ RequestId: crypto.randomUUID(), ...body }, { status });

  return {
    sent,
    failWith(code) {
      failure = code;
    },
    async handler(request) {
      if (request.method !== 'POST') return answer(405, { Code: 'UnsupportedHTTPMethod' });
      const params = Object.fromEntries(new URLSearchParams(await request.text()));
      const missing = REQUIRED.filter((k) => !params[k]);
      if (missing.length) {
        return answer(400, { Code: 'MissingParameter', Message: `missing ${missing.join(',')}` });
      }
      if (params.AccessKeyId !== keys.accessKeyId) {
        return answer(404, {
          Code: 'InvalidAccessKeyId.NotFound',
          Message: 'Specified access key is not found.',
        });
      }
      const expected = aliyunRpcSignature(params, keys.accessKeySecret, 'POST');
      if (params.Signature !== expected) {
        return answer(400, {
          Code: 'SignatureDoesNotMatch',
          Message: 'Specified signature is not matched with our calculation.',
        });
      }
      const skew = Math.abs(Date.parse(params.Timestamp!) - Date.now());
      if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(params.Timestamp!) || skew > 15 * 60_000) {
        return answer(400, { Code: 'InvalidTimeStamp.Expired', Message: 'timestamp expired' });
      }
      if (nonces.has(params.SignatureNonce!)) {
        return answer(400, { Code: 'SignatureNonceUsed', Message: 'nonce used' });
      }
      nonces.add(params.SignatureNonce!);
      if (params.Action !== 'SendSms' || params.Version !== '2017-05-25') {
        return answer(400, { Code: 'InvalidAction.NotFound' });
      }
      if (failure) return answer(200, { Code: failure, Message: 'refused by the fake provider' });
      sent.push(params);
      return answer(200, { Code: 'OK', Message: 'OK', BizId: `${Date.now()}^0` });
    },
  };
}
