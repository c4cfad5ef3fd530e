import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { writeMmdb } from '@cardshop/domain/testing';
import { launchBrowser, startPlatform, type RunningPlatform } from './platform.js';

// Journey: on a fresh `npm start` (with a GeoIP database), a new customer of the demo shop signs up
// on a phone with an SMS code from the dev inbox, ticks 记住我, finds this device on 登录设备 (its
// cookie lasts 30 days), and sees the sign-in in 安全中心 with its device and place.
let platform: RunningPlatform;
let browser: Browser;

beforeAll(async () => {
  const geo = path.join(mkdtempSync(path.join(tmpdir(), 'geo-')), 'GeoLite2-City.mmdb');
  writeFileSync(
    geo,
    writeMmdb({
      databaseType: 'GeoLite2-City',
      records: [
        {
          network: '203.0.113.0/24',
          data: { country: { names: { 'zh-CN': '中国', en: 'China' } } },
        },
      ],
    }),
  );
  platform = await startPlatform({ storefront: 3330, console: 3331 }, { GEOIP_DATABASE: geo });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

const shop = () => `http://demo.localhost:${platform.storefrontPort}`;
const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

async function hydrated(page: Page) {
  await page.waitForFunction(
    () => Boolean((window as { __remixRouter?: unknown }).__remixRouter),
    null,
    { timeout: 15_000 },
  );
}

/** Saves a screenshot when E2E_SCREENSHOTS names a folder (for looking at the pages). */
async function snap(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

test(
  'a new customer signs up with an SMS code, is remembered, and sees the sign-in in 安全中心',
  { timeout: 120_000 },
  async () => {
    const phone = `139${String(Date.now()).slice(-8)}`;
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      userAgent: IPHONE_SAFARI,
    });
    const page = await context.newPage();

    await page.goto(`${shop()}/login?tab=code`);
    await hydrated(page);
    await page.locator('input[name="identifier"]').fill(phone);
    await page.getByRole('button', { name: '获取验证码' }).click();
    const masked = `${phone.slice(0, 3)}****${phone.slice(7)}`;
    await page.getByText(`验证码已发送到 ${masked}`).waitFor();
    let code = '';
    await expect
      .poll(
        () => {
          const sms = platform.inbox().find((m) => m.channel === 'sms' && m.to === phone);
          code = /验证码是 (\d{6})/.exec(sms?.text ?? '')?.[1] ?? '';
          return code;
        },
        { timeout: 10_000 },
      )
      .toMatch(/^\d{6}$/);
    await page.locator('input[name="code"]').fill(code);
    await page.getByLabel(/记住我/).check();
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(/\/account$/);

    // "Remember me": a persistent cookie of about 30 days, HttpOnly, for this shop's host only.
    const cookie = (await context.cookies(shop())).find((c) => c.name === 'cs_customer');
    expect(cookie).toBeDefined();
    expect(cookie!.httpOnly).toBe(true);
    const days = (cookie!.expires * 1000 - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    await page.goto(`${shop()}/account/sessions`);
    await hydrated(page);
    const sessions = page.getByTestId('sessions').locator('li');
    await expect(sessions.count()).resolves.toBe(1);
    const current = await sessions.first().innerText();
    expect(current).toContain('Safari · iPhone');
    expect(current).toContain('当前设备');
    expect(current).toContain('记住登录');
    // The demo shop is reached over loopback: the place is the local network, not a guess.
    expect(current).toContain('本地网络');
    await snap(page, 'sessions');

    await page.getByRole('link', { name: '账号安全' }).click();
    await page.waitForURL(/\/account\/security$/);
    await page.getByRole('heading', { name: '安全中心' }).waitFor();
    const recent = page.locator('section[aria-labelledby="recent-sign-ins"] li');
    await expect(recent.count()).resolves.toBe(1);
    const row = await recent.first().innerText();
    expect(row).toContain('成功');
    expect(row).toContain('登录成功');
    expect(row).toContain('验证码登录');
    expect(row).toContain('Safari · iPhone');
    expect(row).toContain('本地网络');
    await expect(page.getByTestId('security-centre').innerText()).resolves.toContain(
      '1 台设备已登录',
    );
    await expect(
      page.locator('section[aria-labelledby="account-changes"]').innerText(),
    ).resolves.toContain('注册了账号');
    await snap(page, 'security');
    await context.close();
  },
);
