// 吹哨报到 in Chromium against the real server and the demo city 周口市: the street blows a whistle,
// the district 城管局 acknowledges and checks in on site, the street closes the whistle and rates it.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { wgs84ToGcj02 } from '../web/src/cases/geometry.ts';
import { wgs84For } from './cases.flows.ts';
import { POLL, settleTable, signIn } from './flows.ts';
import { launchBrowser, screenshot, startServer } from './harness.ts';
import type { RunningServer } from './harness.ts';

// The centre of 振兴里社区 (永安街道, 川汇区): inside the territory of jd-secretary's street office.
const PLACE = { lng: 114.654409, lat: 33.626177 };
// About 60 m east of it, where the department checks in.
const NEAR = { lng: 114.655059, lat: 33.626177 };
const PROBLEM = '振兴里小区外墙瓷砖大面积脱落，砸坏停放车辆，需城管部门到场处置';
const DEPARTMENT = '川汇区城市管理局';

let server: RunningServer;
let browser: Browser;
let whistleId = '';

beforeAll(async () => {
  server = await startServer({ GONGZHI_RATE_LIMIT_PER_MINUTE: '5000' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page whose device stands at `gcj` (the page converts the WGS-84 position it reads to GCJ-02). */
async function pageAt(gcj: { lng: number; lat: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    geolocation: wgs84For(gcj, wgs84ToGcj02),
    permissions: ['geolocation'],
  });
  context.setDefaultTimeout(20_000);
  return { context, page: await context.newPage() };
}

async function openWhistle(page: Page): Promise<void> {
  await page.goto(`/whistles/${whistleId}`);
  await page.locator('[data-testid=whistle-attendance]').waitFor();
}

async function step(page: Page, type: string): Promise<void> {
  await page.locator(`[data-testid=whistle-action-${type}]`).click();
}

async function confirm(page: Page): Promise<void> {
  await page.locator('[data-testid=whistle-action-confirm]').click();
  await page.locator('.ant-modal-wrap').waitFor({ state: 'hidden' });
}

describe('a street blows a whistle, a department reports, the street closes and rates', () => {
  test('the street secretary blows the whistle on the place, summoning the district 城管局', async () => {
    const { context, page } = await pageAt(PLACE);
    await signIn(page, 'jd-secretary');
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto('/whistles');
    await page.locator('[data-testid=whistle-table]').waitFor();
    await page.locator('[data-testid=whistle-new]').click();
    await page.waitForURL('**/whistles/new');
    await page.locator('#whistle_problem').fill(PROBLEM);
    await page.getByText('应急处置').click();
    await page.locator('#whistle_unitIds').click();
    await page.locator('#whistle_unitIds').fill('城市管理局');
    // a multiple select stays open after a pick: it is closed by hand
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: DEPARTMENT }).first().click();
    await page.locator('.ant-select-selection-item').filter({ hasText: DEPARTMENT }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('#whistle_arrivalMinutes').inputValue(), POLL).toBe('30');
    await page.locator('#whistle_address').fill('振兴里小区5号楼');
    await page.getByRole('button', { name: /使用当前位置/ }).click();
    await page.locator('[data-testid=place-regions]').filter({ hasText: '振兴里' }).waitFor();
    await screenshot(page, 'whistle-blow-zh');
    await page.locator('[data-testid=whistle-submit]').click();
    await page.waitForURL(/\/whistles\/[0-9a-f-]{36}$/);
    whistleId = new URL(page.url()).pathname.split('/').pop()!;
    await page.locator('[data-testid=whistle-attendance]').waitFor();
    expect(await page.locator('[data-testid=attendance-unit]').allInnerTexts()).toEqual([DEPARTMENT]);
    expect(await page.locator('[data-testid=whistle-status]').getAttribute('data-status')).toBe('open');
    await context.close();
  });

  test('the department finds it on top of its inbox, acknowledges, checks in on site and records its work', async () => {
    const { context, page } = await pageAt(NEAR);
    await signIn(page, 'cq-handler');
    await page.waitForURL('**/cases/inbox');
    const card = page.locator('[data-testid=open-whistles]');
    await card.getByText(PROBLEM).waitFor();
    await settleTable(page, 'inbox-table');
    await screenshot(page, 'whistle-inbox-zh');
    await card.locator('.ant-list-item').filter({ hasText: PROBLEM }).locator('[data-testid=open-whistle-link]').click();
    await page.waitForURL(`**/whistles/${whistleId}`);
    await page.locator('[data-testid=whistle-attendance]').waitFor();

    await step(page, 'acknowledge');
    await page.locator('[data-testid=whistle-action-acknowledge]').waitFor({ state: 'detached' });
    await step(page, 'check_in');
    const modal = page.locator('.ant-modal');
    await modal.getByRole('button', { name: /使用当前位置/ }).click();
    await modal.locator('.gz-mono').filter({ hasText: '114.65' }).waitFor();
    await confirm(page);
    await page.locator('[data-testid=whistle-action-act]').waitFor();
    const row = page.locator('[data-testid=whistle-attendance] tr.ant-table-row').first();
    await expect.poll(() => row.innerText(), POLL).toMatch(/准时/);
    const meters = Number(/(\d+) 米/.exec(await row.innerText())?.[1]);
    expect(meters).toBeGreaterThan(30);
    expect(meters).toBeLessThan(120);
    expect(await page.locator('[data-testid=attendance-far]').count()).toBe(0);

    await step(page, 'act');
    await page.locator('[data-testid=whistle-action-text]').fill('已拉设警戒线，清理脱落瓷砖，通知物业排查外墙');
    await confirm(page);
    await expect.poll(() => row.innerText(), POLL).toContain('已拉设警戒线');
    // 事不完、人不撤: no way to leave while the whistle is open
    expect(await page.locator('[data-testid=whistle-action-leave]').count()).toBe(0);
    await screenshot(page, 'whistle-report-zh');
    await context.close();
  });

  test('the street closes the whistle with its result and rates the department', async () => {
    const { context, page } = await pageAt(PLACE);
    await signIn(page, 'jd-secretary');
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await openWhistle(page);
    await step(page, 'close');
    await page.locator('[data-testid=whistle-close-result]').fill('脱落瓷砖已清理，警戒区域已设置，物业承诺一周内完成外墙修缮');
    const rating = page.locator('[data-testid=whistle-rating]').filter({ hasText: DEPARTMENT });
    for (const [i, stars] of [5, 4, 5].entries()) {
      await rating
        .locator('.ant-rate')
        .nth(i)
        .locator('.ant-rate-star')
        .nth(stars - 1)
        .click();
    }
    await rating.locator('input').fill('到场及时，处置有力');
    await screenshot(page, 'whistle-close-zh');
    await confirm(page);
    await expect.poll(() => page.locator('[data-testid=whistle-status]').getAttribute('data-status'), POLL).toBe('closed');
    expect(await page.locator('[data-testid=attendance-rating]').innerText()).toContain('到场 5 · 态度 4 · 效果 5');
    expect(await page.locator('[data-testid=whistle-result]').innerText()).toContain('脱落瓷砖已清理');
    await screenshot(page, 'whistle-closed-zh', true);

    await page.goto('/whistles');
    await page.locator('[data-testid=whistle-table]').waitFor();
    await page.getByText('全部', { exact: true }).click();
    await page.locator('[data-testid=whistle-table]').getByText(PROBLEM).waitFor();
    await settleTable(page, 'whistle-table');
    await screenshot(page, 'whistle-list-zh');

    // a demo whistle past its deadline: one department came late and far from the place, one has not come
    await page
      .locator('[data-testid=whistle-table] tr.ant-table-row')
      .filter({ hasText: '雨后低洼路段积水严重' })
      .first()
      .locator('[data-testid=whistle-link]')
      .click();
    await page.locator('[data-testid=attendance-far]').waitFor();
    expect(await page.locator('[data-testid=whistle-attendance]').innerText()).toMatch(/迟到 \d+ 分钟/);
    await screenshot(page, 'whistle-late-far-zh');

    const view = await (await page.request.get(`/api/whistles/${whistleId}`)).json();
    expect(view.attendance[0].rating).toEqual({ arrival: 5, attitude: 4, result: 5, comment: '到场及时，处置有力' });
    await context.close();
  });
});
