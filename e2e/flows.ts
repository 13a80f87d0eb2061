// Steps the browser flows share: signing in, reading the API as the signed-in user, waiting for antd.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from './harness.ts';

export const POLL = { timeout: 10_000 };
const VIEWPORT = { width: 1440, height: 900 };
const UI_TIMEOUT_MS = 20_000;

/** A fresh browser context (no cookies, Chinese) and a page in it, addressed relative to the server. */
export async function openPage(browser: Browser, baseUrl: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT, locale: 'zh-CN' });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const page = await context.newPage();
  return { context, page };
}

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('button[type=submit]').click();
}

export async function getJson<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

/** Waits until the map shows the shapes of the region in the URL and nothing covers it. */
export async function waitForMap(page: Page): Promise<void> {
  await page.locator('[data-testid=region-map] canvas').first().waitFor({ state: 'visible' });
  await page.locator('.gz-map-loading').waitFor({ state: 'detached' });
  await page.waitForTimeout(600); // the map's entry animation
}

/** Waits until a table has rows and its loading veil has faded. */
export async function settleTable(page: Page, testId: string): Promise<void> {
  const table = page.locator(`[data-testid=${testId}]`);
  await table.locator('tbody tr.ant-table-row').first().waitFor();
  await table.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
  await page.waitForTimeout(400);
}

/** Picks an option of an antd Select that is open in the page. */
export async function pickOption(page: Page, text: string | RegExp): Promise<void> {
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();
  await option.click();
  // The closing list would cover the next field. A click that lands while the list is still opening
  // (a loaded machine) is lost, so it is repeated while the option is still there to click.
  // Only a list still open well after its closing animation (0.2 s) is clicked again.
  const deadline = Date.now() + POLL.timeout;
  let nextClickAt = Date.now() + 1_500;
  while ((await page.locator('.ant-select-dropdown:visible').count()) > 0) {
    if (Date.now() > deadline) throw new Error(`the option ${String(text)} was clicked but its list stayed open`);
    await page.waitForTimeout(100);
    if (Date.now() > nextClickAt && (await option.isVisible())) {
      await option.click({ timeout: 1_000 }).catch(() => undefined);
      nextClickAt = Date.now() + 1_500;
    }
  }
}
