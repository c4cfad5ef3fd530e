import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startPlatform, type RunningPlatform } from './platform.js';

// Journey: on a fresh `npm start`, a guest buys a game card on the demo shop from a phone with
// 立即购买, pays on the test gateway, sees the code on the order page (masked until revealed),
// gets it by email, and later finds the order again through 查单 in another browser.
let platform: RunningPlatform;
let browser: Browser;

beforeAll(async () => {
  platform = await startPlatform({ storefront: 3320, console: 3321 });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

const shop = () => `http://demo.localhost:${platform.storefrontPort}`;

async function hydrated(page: Page) {
  await page.waitForFunction(
    () => Boolean((window as { __remixRouter?: unknown }).__remixRouter),
    null,
    { timeout: 15_000 },
  );
}

test(
  'a guest buys on the demo shop, pays on the test gateway, sees the code and finds the order again',
  { timeout: 150_000 },
  async () => {
    const email = `buyer-${Date.now()}@example.com`;
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();

    await page.goto(`${shop()}/`);
    await hydrated(page);
    await page
      .getByRole('link', { name: /王者荣耀点券/ })
      .first()
      .click();
    await page.waitForURL(/\/p\//);
    await hydrated(page);
    await page.getByRole('button', { name: '立即购买' }).click();

    await page.waitForURL(/\/checkout/);
    await hydrated(page);
    await page.locator('input[name="contact"]').fill(email);
    await page.locator('input[name="lookupPassword"]').fill('lookup-2026');
    await page.getByRole('button', { name: '提交订单' }).click();

    await page.waitForURL(/\/pay\/test\//);
    await expect(page.getByText('测试支付').first().isVisible()).resolves.toBe(true);
    await hydrated(page);
    await page.getByRole('button', { name: '模拟支付成功' }).click();

    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    const orderUrl = page.url();
    // The notification travels to the webhook and the worker delivers; the page refreshes itself.
    await page.getByTestId('code-row').first().waitFor({ timeout: 20_000 });
    await expect(page.getByTestId('order-status').innerText()).resolves.toBe('已完成');
    const number = (await page.getByTestId('order-number').innerText()).trim();
    const masked = await page.getByTestId('code-row').first().locator('code').first().innerText();
    expect(masked).toContain('*');

    await page.getByRole('button', { name: '显示卡密' }).first().click();
    await page.locator('[data-testid="code-row"][data-revealed="true"]').first().waitFor();
    const code = (
      await page.getByTestId('code-row').first().locator('code').first().innerText()
    ).trim();
    expect(code).not.toContain('*');
    expect(code.length).toBeGreaterThan(6);

    // The codes also went out by email (the dev inbox in embedded mode).
    await expect
      .poll(
        () => platform.inbox().find((m) => m.channel === 'email' && m.to === email)?.text ?? '',
        { timeout: 20_000 },
      )
      .toContain(code);

    // Another browser has no access until it looks the order up with its number and password.
    const other = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const second = await other.newPage();
    const denied = await second.goto(orderUrl);
    expect(denied?.status()).toBe(404);
    await second.goto(`${shop()}/orders/lookup`);
    await hydrated(second);
    await second.locator('input[name="orderNumber"]').fill(number);
    await second.locator('input[name="password"]').fill('lookup-2026');
    await second.getByRole('button', { name: '查询订单' }).click();
    await second.waitForURL(orderUrl);
    await second.getByTestId('code-row').first().waitFor();
    await expect(second.getByTestId('order-number').innerText()).resolves.toBe(number);
    await second.getByRole('button', { name: '显示卡密' }).first().click();
    await second.locator('[data-testid="code-row"][data-revealed="true"]').first().waitFor();
    await expect(
      second.getByTestId('code-row').first().locator('code').first().innerText(),
    ).resolves.toBe(code);

    await other.close();
    await context.close();
  },
);
