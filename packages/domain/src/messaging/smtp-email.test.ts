import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createMessaging } from './create-messaging.js';
import { createSmtpEmailSender, type SmtpTransport } from './smtp-email.js';

const base = {
  DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cardshop-smtp-')),
  NODE_ENV: 'test' as const,
};
const smtp = {
  SMTP_URL: 'smtps://mailer:secret@smtp.example.com:465',
  MAIL_FROM: '卡盟云 <no-reply@example.com>',
};

function nodemailerInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('nodemailer');
    return true;
  } catch {
    return false;
  }
}

describe('SMTP email', () => {
  test('hands the message to the transport with MAIL_FROM as the sender', async () => {
    const sent: unknown[] = [];
    const transport: SmtpTransport = { sendMail: async (mail) => void sent.push(mail) };
    const sender = createSmtpEmailSender({ from: smtp.MAIL_FROM, transport });
    expect(sender.kind).toBe('smtp');
    await sender.send({ to: 'a@example.com', subject: '卡密', text: '正文', html: '<p>正文</p>' });
    expect(sent).toEqual([
      {
        from: smtp.MAIL_FROM,
        to: 'a@example.com',
        subject: '卡密',
        text: '正文',
        html: '<p>正文</p>',
      },
    ]);
  });

  test('a refused send becomes EMAIL_SEND_FAILED (502), which the sending job retries', async () => {
    const transport: SmtpTransport = {
      sendMail: () => Promise.reject(new Error('535 Authentication failed')),
    };
    const sender = createSmtpEmailSender({ from: smtp.MAIL_FROM, transport });
    await expect(
      sender.send({ to: 'a@example.com', subject: 's', text: 't' }),
    ).rejects.toMatchObject({
      code: 'EMAIL_SEND_FAILED',
      status: 502,
      userMessage: '邮件发送失败，请稍后重试',
    });
  });

  test('a server that does not answer in time is a send failure too', async () => {
    const transport: SmtpTransport = { sendMail: () => new Promise(() => {}) };
    const sender = createSmtpEmailSender({ from: smtp.MAIL_FROM, transport, timeoutMs: 20 });
    await expect(
      sender.send({ to: 'a@example.com', subject: 's', text: 't' }),
    ).rejects.toMatchObject({
      code: 'EMAIL_SEND_FAILED',
      message: expect.stringContaining('no answer from the SMTP server within 20 ms'),
    });
  });

  test('embedded mode keeps mail in the dev inbox even with SMTP configured', () => {
    expect(createMessaging({ ...base, embedded: true, ...smtp }).email.kind).toBe('dev');
  });

  test('half an SMTP configuration is refused at start-up, naming what is missing', () => {
    expect(() => createMessaging({ ...base, embedded: false, SMTP_URL: smtp.SMTP_URL })).toThrow(
      /MAIL_FROM: required when SMTP_URL is set/,
    );
    expect(() => createMessaging({ ...base, embedded: false, MAIL_FROM: smtp.MAIL_FROM })).toThrow(
      /SMTP_URL: required when MAIL_FROM is set/,
    );
  });

  test('a server with SMTP configured sends through it (or says nodemailer is missing)', () => {
    const make = () => createMessaging({ ...base, embedded: false, ...smtp });
    if (nodemailerInstalled()) expect(make().email.kind).toBe('smtp');
    else expect(make).toThrow(/nodemailer package is not installed/);
  });
});
