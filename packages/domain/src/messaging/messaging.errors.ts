export const MessagingErrors = {
  /** The SMS provider refused or failed to take the message (quota, template, network). */
  SMS_SEND_FAILED: 'SMS_SEND_FAILED',
  /** The SMTP server refused or failed to take the mail (retried by the job that sends it). */
  EMAIL_SEND_FAILED: 'EMAIL_SEND_FAILED',
} as const;
