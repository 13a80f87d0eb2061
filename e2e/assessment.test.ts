// The assessment (考核) in Chromium against the real server and the demo city 周口市: a city leader
// opens the month's rankings of streets and departments, a unit's figures and the cases behind one,
// the talks and the bulletin, and downloads the bulletin as a PDF.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openPage, signIn } from './flows.ts';
import { SCREENSHOT_DIR, launchBrowser, screenshot, startServer } from './harness.ts';
import type { RunningServer } from './harness.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer({ GONGZHI_RATE_LIMIT_PER_MINUTE: '5000' });
  browser = await launchBrowser();
  page = (await openPage(browser, server.baseUrl)).page;
  await signIn(page, 'leader');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const rows = (testId: string) => page.locator(`[data-testid=${testId}] tbody tr.ant-table-row`);

describe('a city leader reads the month’s assessment', () => {
  test('the rankings of streets: ranks, classes, changes, too-few marks', async () => {
    await page.locator('.ant-menu').getByText('排名').click();
    await page.waitForURL('**/assessment');
    await rows('ranking').first().waitFor();
    expect(await rows('ranking').count()).toBe(50); // the first page of 180 streets
    expect(await page.locator('[data-testid=ranking] [data-testid^=class-]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=ranking] [data-testid=insufficient]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=ranked]').textContent()).toMatch(/参与排名 [1-9]\d* 个/);
    await screenshot(page, 'assessment-streets');
  });

  test('a unit’s figures, and the cases behind one of them', async () => {
    await rows('ranking').first().locator('a').first().click();
    const drawer = page.locator('[data-testid=unit-detail]');
    await drawer.getByText('满意率').waitFor();
    await screenshot(page, 'assessment-unit');
    await drawer.locator('tbody tr').filter({ hasText: '满意率' }).locator('a').click();
    await page.waitForURL('**/cases?*');
    await page.locator('[data-testid=figure-filter]').waitFor();
    await rows('search-table').first().waitFor();
    expect(await rows('search-table').count()).toBeGreaterThan(0);
    await screenshot(page, 'assessment-cases-behind');
  });

  test('the rankings of departments', async () => {
    await page.goto('/assessment?level=department');
    await rows('ranking').first().waitFor();
    expect(await rows('ranking').count()).toBeGreaterThan(20);
    await screenshot(page, 'assessment-departments');
  });

  test('the talks of the month before last: held, with rectification items', async () => {
    const twoMonthsAgo = new Date(Date.now() + 8 * 3_600_000);
    twoMonthsAgo.setUTCDate(1);
    twoMonthsAgo.setUTCMonth(twoMonthsAgo.getUTCMonth() - 2);
    await page.goto(`/assessment/talks?period=${twoMonthsAgo.toISOString().slice(0, 7)}`);
    await page.locator('[data-testid=talks] .ant-card').first().waitFor();
    expect(await page.getByText('已约谈').count()).toBeGreaterThan(0);
    await screenshot(page, 'assessment-talks');
  });

  test('the bulletin as a page, and as a PDF to download', async () => {
    await page.goto('/assessment/bulletin');
    await page.locator('[data-testid=bulletin]').waitFor();
    await page.getByText('往期约谈未完成整改事项').waitFor();
    expect(await page.locator('[data-testid=open-item]').count()).toBeGreaterThan(0);
    await screenshot(page, 'assessment-bulletin', true);
    const href = await page.locator('[data-testid=bulletin-pdf]').getAttribute('href');
    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    const pdf = await response.body();
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await writeFile(path.join(SCREENSHOT_DIR, 'assessment-bulletin.pdf'), pdf);
  });
});
