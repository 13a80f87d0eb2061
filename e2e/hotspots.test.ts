// 热点发现 · 未诉先办 in Chromium against the real server and the demo city 周口市: the district dispatcher finds the
// planted water surge on the dashboard's hotspot panel (detection ran after the demo cases were made, by itself),
// opens it on the hotspots page, reads the cases behind it and turns it into a case. Screenshots in zh and en.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { POLL, openPage, settleTable, signIn } from './flows.ts';
import { launchBrowser, screenshot, startServer } from './harness.ts';
import type { RunningServer } from './harness.ts';

let server: RunningServer;
let browser: Browser;
let dispatcher: { context: BrowserContext; page: Page };

beforeAll(async () => {
  server = await startServer({ GONGZHI_RATE_LIMIT_PER_MINUTE: '5000' });
  browser = await launchBrowser();
  dispatcher = await openPage(browser, server.baseUrl);
  await signIn(dispatcher.page, 'cq-dispatcher');
  await dispatcher.page.waitForURL((url) => !url.pathname.startsWith('/login'));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function settlePanel(page: Page): Promise<void> {
  await page.locator('[data-testid=dash-hotspots] [data-testid=dash-hotspot-link]').first().waitFor();
  await page.locator('[data-testid=kpi-now-open]').waitFor();
  await page.locator('.ant-skeleton').first().waitFor({ state: 'detached' });
  await page.mouse.move(0, 0);
  await page.waitForTimeout(1_500);
}

describe('a district dispatcher and the hotspots', () => {
  test('sees the water surge on the dashboard panel', async () => {
    const { page } = dispatcher;
    await page.goto('/dashboard');
    await settlePanel(page);
    const panel = page.locator('[data-testid=dash-hotspots]');
    expect(await panel.innerText()).toContain('停水');
    expect(await panel.innerText()).toContain('异常上升');
    await screenshot(page, 'hotspots-dashboard-zh');
  });

  test('opens the hotspots page and the surge with the cases behind it, and turns it into a case', async () => {
    const { page } = dispatcher;
    await page.locator('[data-testid=dash-hotspots] [data-testid=dash-hotspot-link]').filter({ hasText: '停水' }).first().click();
    await page.waitForURL('**/hotspots?id=*');
    await settleTable(page, 'hotspot-table');
    const drawer = page.locator('[data-testid=hotspot-drawer]');
    await drawer.locator('[data-testid=hotspot-case-link]').first().waitFor();
    expect(await drawer.locator('[data-testid=hotspot-case-link]').count()).toBeGreaterThanOrEqual(10);
    expect(await drawer.innerText()).toContain('预期');
    await page.waitForTimeout(500);
    await screenshot(page, 'hotspots-drawer-zh');

    await drawer.locator('[data-testid=hotspot-to-case]').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect.poll(() => drawer.innerText(), POLL).toContain('已转办');
    await drawer.getByText('已转为工单').waitFor();
    await drawer.locator('a[href^="/cases/"]').first().waitFor();

    await page.goto('/hotspots');
    await settleTable(page, 'hotspot-table');
    expect(await page.locator('[data-testid=hotspot-table] tbody tr.ant-table-row').count()).toBeGreaterThan(1);
    await screenshot(page, 'hotspots-page-zh');
  });

  test('the same in English', async () => {
    const { page } = dispatcher;
    await page.evaluate(() => window.localStorage.setItem('gz_lang', 'en'));
    await page.goto('/hotspots?kind=rise');
    await settleTable(page, 'hotspot-table');
    expect(await page.locator('[data-testid=hotspot-table]').innerText()).toContain('Rise');
    await screenshot(page, 'hotspots-page-en');
    await page.goto('/hotspots');
    await settleTable(page, 'hotspot-table');
    await page.locator('[data-testid=hotspot-link]').first().click();
    await page.locator('[data-testid=hotspot-drawer] [data-testid=hotspot-case-link]').first().waitFor();
    await page.waitForTimeout(500);
    await screenshot(page, 'hotspots-drawer-en');
    await page.goto('/dashboard');
    await settlePanel(page);
    expect(await page.locator('[data-testid=dash-hotspots]').innerText()).toContain('Hotspots');
    await screenshot(page, 'hotspots-dashboard-en');
    await page.evaluate(() => window.localStorage.setItem('gz_lang', 'zh-CN'));
  });
});
