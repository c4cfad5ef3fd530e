import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EmailMessage, EmailSender, SmsSender } from './messaging.js';

// In embedded mode (and wherever no provider is configured) messages are written as JSON files
// under DATA_DIR/mail, so a person can read a sign-in code in the console's dev inbox.

export interface DevInboxMessage {
  id: string;
  channel: 'sms' | 'email';
  to: string;
  subject: string | null;
  text: string;
  html: string | null;
  sentAt: string;
}

export function devInboxDir(dataDir: string): string {
  return path.join(dataDir, 'mail');
}

async function write(dataDir: string, message: Omit<DevInboxMessage, 'id' | 'sentAt'>) {
  const dir = devInboxDir(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const now = new Date();
  // The name sorts by time, so the newest message is the last file name.
  const id = `${String(now.getTime()).padStart(15, '0')}-${randomBytes(4).toString('hex')}`;
  const record: DevInboxMessage = { id, sentAt: now.toISOString(), ...message };
  await writeFile(path.join(dir, `${id}.json`), JSON.stringify(record, null, 2), { mode: 0o600 });
}

export function createDevSmsSender(dataDir: string): SmsSender {
  return {
    kind: 'dev',
    sendsNotices: true,
    async send(to, text) {
      await write(dataDir, { channel: 'sms', to, subject: null, text, html: null });
    },
  };
}

export function createDevEmailSender(dataDir: string): EmailSender {
  return {
    kind: 'dev',
    async send(message: EmailMessage) {
      await write(dataDir, {
        channel: 'email',
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html ?? null,
      });
    },
  };
}

/** The dev inbox, newest first; `to` keeps only messages to that phone number or address. */
export async function listDevInbox(
  dataDir: string,
  options: { limit?: number; to?: string } = {},
): Promise<DevInboxMessage[]> {
  const limit = options.limit ?? 50;
  let names: string[];
  try {
    names = await readdir(devInboxDir(dataDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = names
    .filter((n) => /^\d{15}-[0-9a-f]{8}\.json$/.test(n))
    .sort()
    .reverse();
  const messages: DevInboxMessage[] = [];
  for (const name of files) {
    if (messages.length >= limit) break;
    const message = JSON.parse(
      await readFile(path.join(devInboxDir(dataDir), name), 'utf8'),
    ) as DevInboxMessage;
    if (options.to && message.to !== options.to) continue;
    messages.push(message);
  }
  return messages;
}
