import { EnvError, type Env } from '../config/env.js';
import type { Logger } from '../logger.js';
import { createAliyunSmsSender } from './aliyun-sms.js';
import { createDevEmailSender, createDevSmsSender } from './dev-inbox.js';
import type { Messaging } from './messaging.js';

type MessagingEnv = Pick<
  Env,
  | 'DATA_DIR'
  | 'NODE_ENV'
  | 'embedded'
  | 'ALIYUN_SMS_ACCESS_KEY_ID'
  | 'ALIYUN_SMS_ACCESS_KEY_SECRET'
  | 'ALIYUN_SMS_SIGN_NAME'
  | 'ALIYUN_SMS_TEMPLATE_CODE'
>;

/**
 * The SMS and email senders for this process: Aliyun SMS when it is configured and the platform
 * runs on a server, otherwise the dev inbox under DATA_DIR/mail. Email has no provider yet, so it
 * always goes to the dev inbox.
 */
export function createMessaging(env: MessagingEnv, logger?: Logger): Messaging {
  const aliyun = {
    ALIYUN_SMS_ACCESS_KEY_ID: env.ALIYUN_SMS_ACCESS_KEY_ID,
    ALIYUN_SMS_ACCESS_KEY_SECRET: env.ALIYUN_SMS_ACCESS_KEY_SECRET,
    ALIYUN_SMS_SIGN_NAME: env.ALIYUN_SMS_SIGN_NAME,
    ALIYUN_SMS_TEMPLATE_CODE: env.ALIYUN_SMS_TEMPLATE_CODE,
  };
  const set = Object.entries(aliyun).filter(([, v]) => v);
  if (set.length > 0 && set.length < 4) {
    const missing = Object.entries(aliyun)
      .filter(([, v]) => !v)
      .map(([k]) => k);
    throw new EnvError(
      `Invalid configuration:\n${missing.map((k) => `  ${k}: required when any ALIYUN_SMS_* is set`).join('\n')}\nSee .env.example.`,
    );
  }
  const email = createDevEmailSender(env.DATA_DIR);
  if (env.embedded || set.length === 0) {
    if (!env.embedded && env.NODE_ENV === 'production') {
      logger?.warn('no SMS provider configured: messages go to the dev inbox under DATA_DIR/mail');
    }
    return { sms: createDevSmsSender(env.DATA_DIR), email };
  }
  return {
    sms: createAliyunSmsSender({
      accessKeyId: aliyun.ALIYUN_SMS_ACCESS_KEY_ID!,
      accessKeySecret: aliyun.ALIYUN_SMS_ACCESS_KEY_SECRET!,
      signName: aliyun.ALIYUN_SMS_SIGN_NAME!,
      templateCode: aliyun.ALIYUN_SMS_TEMPLATE_CODE!,
    }),
    email,
  };
}
