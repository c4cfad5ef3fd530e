import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');

export interface InboxMessage {
  channel: 'sms' | 'email';
  to: string;
  subject?: string;
  text: string;
}

export interface RunningPlatform {
  storefrontPort: number;
  consolePort: number;
  dataDir: string;
  /** What the platform has "sent" so far: the dev inbox under DATA_DIR/mail, oldest first. */
  inbox(): InboxMessage[];
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts the platform exactly as `npm start` does (scripts/start.ts, embedded database, demo
 * seed) in a scratch DATA_DIR on its own ports, and waits until it says it is running.
 */
export async function startPlatform(
  ports: {
    storefront: number;
    console: number;
  },
  /** Extra environment, e.g. GEOIP_DATABASE. */
  extraEnv: Record<string, string> = {},
): Promise<RunningPlatform> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cardshop-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    STOREFRONT_PORT: String(ports.storefront),
    CONSOLE_PORT: String(ports.console),
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`platform did not start in 90 s:\n${out}`)),
      90_000,
    );
    const check = setInterval(() => {
      if (out.includes('is running')) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`platform exited with ${code}:\n${out}`));
    });
  });
  return {
    storefrontPort: ports.storefront,
    consolePort: ports.console,
    dataDir,
    inbox() {
      const dir = path.join(dataDir, 'mail');
      let names: string[] = [];
      try {
        names = readdirSync(dir).filter((n) => n.endsWith('.json'));
      } catch {
        return [];
      }
      return names
        .sort()
        .map((n) => JSON.parse(readFileSync(path.join(dir, n), 'utf8')) as InboxMessage);
    },
    output: () => out,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
