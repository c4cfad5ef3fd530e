import { EnvError, type Env } from '../config/env.js';
import type { Logger } from '../logger.js';
import { createAliyunSmsSender } from './aliyun-sms.js';
import { createDevEmailSender, createDevSmsSender } from './dev-inbox.js';
import type { EmailSender, Messaging } from './messaging.js';
import { createSmtpEmailSender, nodemailerTransport } from './smtp-email.js';

type MessagingEnv = Pick<
  Env,
  | 'DATA_DIR'
  | 'NODE_ENV'
  | 'embedded'
  | 'ALIYUN_SMS_ACCESS_KEY_ID'
  | 'ALIYUN_SMS_ACCESS_KEY_SECRET'
  | 'ALIYUN_SMS_SIGN_NAME'
  | 'ALIYUN_SMS_TEMPLATE_CODE'
  | 'ALIYUN_SMS_NOTICE_TEMPLATE_CODE'
  | 'SMTP_URL'
  | 'MAIL_FROM'
>;

/**
 * The SMS and email senders for this process: Aliyun SMS and SMTP mail when they are configured
 * and the platform runs on a server, otherwise the dev inbox under DATA_DIR/mail.
 */
export function createMessaging(env: MessagingEnv, logger?: Logger): Messaging {
  const aliyun = {
    ALIYUN_SMS_ACCESS_KEY_ID: env.ALIYUN_SMS_ACCESS_KEY_ID,
    ALIYUN_SMS_ACCESS_KEY_SECRET: env.ALIYUN_SMS_ACCESS_KEY_SECRET,
    ALIYUN_SMS_SIGN_NAME: env.ALIYUN_SMS_SIGN_NAME,
    ALIYUN_SMS_TEMPLATE_CODE: env.ALIYUN_SMS_TEMPLATE_CODE,
  };
  const set = Object.entries(aliyun).filter(([, v]) => v);
  if (env.ALIYUN_SMS_NOTICE_TEMPLATE_CODE && set.length === 0) {
    throw new EnvError(
      `Invalid configuration:\n${Object.keys(aliyun)
        .map((k) => `  ${k}: required when ALIYUN_SMS_NOTICE_TEMPLATE_CODE is set`)
        .join('\n')}\nSee .env.example.`,
    );
  }
  if (set.length > 0 && set.length < 4) {
    const missing = Object.entries(aliyun)
      .filter(([, v]) => !v)
      .map(([k]) => k);
    throw new EnvError(
      `Invalid configuration:\n${missing.map((k) => `  ${k}: required when any ALIYUN_SMS_* is set`).join('\n')}\nSee .env.example.`,
    );
  }
  const email = createEmailSender(env, logger);
  if (env.embedded || set.length === 0) {
    if (!env.embedded && env.NODE_ENV === 'production') {
      logger?.warn('no SMS provider configured: messages go to the dev inbox under DATA_DIR/mail');
    }
    return { sms: createDevSmsSender(env.DATA_DIR), email };
  }
  if (!env.ALIYUN_SMS_NOTICE_TEMPLATE_CODE) {
    logger?.warn(
      'ALIYUN_SMS_NOTICE_TEMPLATE_CODE is not set: security notices go by mail and in-site only, not by SMS',
    );
  }
  return {
    sms: createAliyunSmsSender({
      accessKeyId: aliyun.ALIYUN_SMS_ACCESS_KEY_ID!,
      accessKeySecret: aliyun.ALIYUN_SMS_ACCESS_KEY_SECRET!,
      signName: aliyun.ALIYUN_SMS_SIGN_NAME!,
      templateCode: aliyun.ALIYUN_SMS_TEMPLATE_CODE!,
      noticeTemplateCode: env.ALIYUN_SMS_NOTICE_TEMPLATE_CODE,
    }),
    email,
  };
}

function createEmailSender(env: MessagingEnv, logger?: Logger): EmailSender {
  if (Boolean(env.SMTP_URL) !== Boolean(env.MAIL_FROM)) {
    throw new EnvError(
      `Invalid configuration:\n  ${env.SMTP_URL ? 'MAIL_FROM' : 'SMTP_URL'}: required when ${env.SMTP_URL ? 'SMTP_URL' : 'MAIL_FROM'} is set\nSee .env.example.`,
    );
  }
  if (env.embedded || !env.SMTP_URL || !env.MAIL_FROM) {
    if (!env.embedded && env.NODE_ENV === 'production') {
      logger?.warn('no SMTP server configured: mail goes to the dev inbox under DATA_DIR/mail');
    }
    return createDevEmailSender(env.DATA_DIR);
  }
  return createSmtpEmailSender({
    from: env.MAIL_FROM,
    transport: nodemailerTransport(env.SMTP_URL),
  });
}
