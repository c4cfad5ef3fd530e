export {
  ALIYUN_SMS_ENDPOINT,
  aliyunCanonicalQuery,
  aliyunPercentEncode,
  aliyunRpcSignature,
  createAliyunSmsSender,
} from './aliyun-sms.js';
export type { AliyunSmsConfig } from './aliyun-sms.js';
export { createMessaging } from './create-messaging.js';
export {
  createDevEmailSender,
  createDevSmsSender,
  devInboxDir,
  listDevInbox,
} from './dev-inbox.js';
export type { DevInboxMessage } from './dev-inbox.js';
export { MessagingErrors } from './messaging.errors.js';
export { createSmtpEmailSender, nodemailerTransport } from './smtp-email.js';
export type { SmtpTransport } from './smtp-email.js';
export type { EmailMessage, EmailSender, Messaging, SmsSender } from './messaging.js';
