export const MessagingErrors = {
  /** The SMS provider refused or failed to take the message (quota, template, network). */
  SMS_SEND_FAILED: 'SMS_SEND_FAILED',
} as const;
