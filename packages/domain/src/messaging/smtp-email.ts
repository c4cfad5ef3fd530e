import { createRequire } from 'node:module';
import { EnvError } from '../config/env.js';
import { DomainError } from '../errors.js';
import { MessagingErrors } from './messaging.errors.js';
import type { EmailMessage, EmailSender } from './messaging.js';

/** The part of a nodemailer transporter the sender uses (nodemailer's own shape). */
export interface SmtpTransport {
  sendMail(mail: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html?: string;
  }): Promise<unknown>;
}

/**
 * Mail through an SMTP server: `from` is the sender address people see (MAIL_FROM). A send that
 * takes longer than `timeoutMs` counts as failed, so a stalled server never holds up the job
 * (and the transaction) that sends it; the job retries.
 */
export function createSmtpEmailSender(options: {
  from: string;
  transport: SmtpTransport;
  timeoutMs?: number;
}): EmailSender {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    kind: 'smtp',
    async send(message: EmailMessage) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          options.transport.sendMail({
            from: options.from,
            to: message.to,
            subject: message.subject,
            text: message.text,
            ...(message.html ? { html: message.html } : {}),
          }),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no answer from the SMTP server within ${timeoutMs} ms`)),
              timeoutMs,
            );
          }),
        ]);
      } catch (error) {
        throw new DomainError(MessagingErrors.EMAIL_SEND_FAILED, {
          message: `SMTP send failed: ${error instanceof Error ? error.message : String(error)}`,
          userMessage: '邮件发送失败，请稍后重试',
          status: 502,
          cause: error,
        });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * A nodemailer transporter for SMTP_URL. nodemailer is loaded only when SMTP is configured, so the
 * embedded default does not need it; a server configured for SMTP without it stops at start-up.
 */
export function nodemailerTransport(smtpUrl: string): SmtpTransport {
  const require = createRequire(import.meta.url);
  let nodemailer: { createTransport(url: string): SmtpTransport };
  try {
    nodemailer = require('nodemailer') as typeof nodemailer;
  } catch {
    throw new EnvError(
      'Invalid configuration:\n  SMTP_URL: set, but the nodemailer package is not installed (npm install nodemailer -w @cardshop/domain)\nSee .env.example.',
    );
  }
  return nodemailer.createTransport(smtpUrl);
}
