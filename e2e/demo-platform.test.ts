import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import { launchBrowser, startPlatform, type RunningPlatform } from './platform.js';

// Journey: a fresh `npm start` serves the branded demo shop, 404s an unknown shop, and an operator
// signs in to the console, sets up two-step verification, and sees the shops and suppliers.
let platform: RunningPlatform;
let browser: Browser;

beforeAll(async () => {
  platform = await startPlatform({ storefront: 3310, console: 3311 });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

test(
  'the demo shop opens at demo.localhost in its branding; an unknown shop is a 404 page',
  { timeout: 90_000 },
  async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const res = await page.goto(`http://demo.localhost:${platform.storefrontPort}/`);
    expect(res?.status()).toBe(200);
    await page.waitForFunction(
      () => Boolean((window as { __remixRouter?: unknown }).__remixRouter),
      null,
      {
        timeout: 10_000,
      },
    );
    await expect(page.title()).resolves.toBe('演示卡铺');
    expect(await page.locator('header').innerText()).toContain('演示卡铺');
    const brand = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--color-brand'),
    );
    expect(brand.trim()).toBe('#e11d48');

    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/lang=en/);
    await expect(page.locator('h2#featured').innerText()).resolves.toBe('Featured');

    const missing = await page.goto(`http://nobody-here.localhost:${platform.storefrontPort}/`);
    expect(missing?.status()).toBe(404);
    await page.close();
  },
);

test(
  'an operator signs in to the console and sees the shops and suppliers',
  { timeout: 90_000 },
  async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${platform.consolePort}/`);
    await page.waitForURL(/\/login/);
    // The page hydrates: Remix's client router takes over (forms and links stop reloading the page).
    await page.waitForFunction(
      () => Boolean((window as { __remixRouter?: unknown }).__remixRouter),
      null,
      {
        timeout: 10_000,
      },
    );
    await page.getByLabel('邮箱').fill('admin@cardshop.test');
    await page.getByLabel('密码').fill('wrong password!');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('邮箱或密码不正确');

    await page.getByLabel('密码').fill('cardshop-demo-2026');
    await page.getByRole('button', { name: '登录' }).click();
    // Platform staff must set up two-step verification before the console opens: the key is
    // typed into an authenticator (here computed from the key shown for manual entry).
    await page.waitForURL(/\/account\/two-factor\?required=1/);
    await page.getByRole('heading', { name: '请先开启两步验证' }).waitFor();
    const key = (await page.locator('code').first().innerText()).replace(/\s/g, '');
    await page.getByLabel('6 位动态码').fill(generateTOTP(decodeBase32IgnorePadding(key), 30, 6));
    await page.getByRole('button', { name: '确认开启' }).click();
    await page.getByRole('heading', { name: '保存你的恢复码' }).waitFor();
    expect((await page.locator('ol li').allInnerTexts()).length).toBe(10);
    await page.getByRole('link', { name: '我已保存好恢复码' }).click();
    await page.waitForURL(/\/platform\/tenants$/);
    await page.getByRole('heading', { name: '店铺' }).waitFor();
    const tenants = await page.locator('main').innerText();
    for (const name of ['演示卡铺', '畅玩点卡站', '影音会员小铺']) expect(tenants).toContain(name);

    await page.getByRole('link', { name: '供货商' }).click();
    await page.waitForURL(/\/platform\/suppliers$/);
    await page.getByRole('heading', { name: '供货商' }).waitFor();
    const suppliers = await page.locator('main').innerText();
    expect(suppliers).toContain('星辰数卡');
    expect(suppliers).toContain('云途充值');

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login/);
    await page.close();
  },
);
