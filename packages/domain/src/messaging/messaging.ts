/** Sends text messages to mainland mobile numbers (11 digits). */
export interface SmsSender {
  /** 'dev' writes to the dev inbox under DATA_DIR/mail; anything else is a real provider. */
  readonly kind: 'dev' | 'aliyun';
  /**
   * Whether security notices (`{ notice }` as template parameters) can go out by text: Aliyun
   * needs an approved notice template of its own (ALIYUN_SMS_NOTICE_TEMPLATE_CODE).
   */
  readonly sendsNotices: boolean;
  /**
   * `text` is the whole message as the person reads it; `params` are the variables of the
   * provider's approved template (Aliyun sends templates only, e.g. `{ code: '123456' }`).
   */
  send(to: string, text: string, params?: Record<string, string>): Promise<void>;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface EmailSender {
  /** 'dev' writes to the dev inbox under DATA_DIR/mail; 'smtp' sends through SMTP_URL. */
  readonly kind: 'dev' | 'smtp';
  send(message: EmailMessage): Promise<void>;
}

export interface Messaging {
  sms: SmsSender;
  email: EmailSender;
}
