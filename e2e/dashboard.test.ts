// The command centre (一屏知全域) in Chromium against the real server and the demo city 周口市: a city
// leader lands on the dashboard, follows a number to its cases, drills down city → district → street →
// community → grid through the list under the map, sees a new case arrive in the live feed and opens
// the big screen; a street leader sees their street. Screenshots of both modes at city and street level.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { POLL, openPage, signIn, waitForMap } from './flows.ts';
import { launchBrowser, screenshot, startServer } from './harness.ts';
import type { RunningServer } from './harness.ts';

const CITY_NAME = '周口市';
const STREET_NAME = '永安街道';
// The centre of 振兴里社区 (永安街道, 川汇区), where the operator places a new case.
const PLACE = { lng: 114.654409, lat: 33.626177 };
const NEW_CASE_TEXT = '振兴里小区东门路灯连续三晚不亮，夜间行人看不清路';
const WALL = { width: 1920, height: 1080 };

let server: RunningServer;
let browser: Browser;
let leader: { context: BrowserContext; page: Page };

beforeAll(async () => {
  server = await startServer({ GONGZHI_RATE_LIMIT_PER_MINUTE: '5000' });
  browser = await launchBrowser();
  leader = await openPage(browser, server.baseUrl);
  await signIn(leader.page, 'leader');
  await leader.page.waitForURL((url) => !url.pathname.startsWith('/login'));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const breadcrumb = (page: Page) => page.locator('[data-testid=dash-breadcrumb]');
/** The names in the breadcrumb, from the city down. */
const crumbs = (page: Page) => breadcrumb(page).locator('.ant-breadcrumb-item').allInnerTexts();

/** Waits until every panel has its data, the map its shapes and the charts have finished drawing. */
async function settleDashboard(page: Page): Promise<void> {
  await page.locator('[data-testid=kpi-now-open]').waitFor();
  await page.locator('[data-testid=dash-rates]').waitFor();
  await waitForMap(page);
  await page.locator('.ant-skeleton').first().waitFor({ state: 'detached' });
  await page.mouse.move(0, 0); // no tooltip left open where the last click was
  await page.waitForTimeout(1_500); // the charts' entry animation
}

/** The same for the big screen. */
async function settleScreen(page: Page): Promise<void> {
  await page.locator('[data-testid=kpi-now-open] a').waitFor();
  await waitForMap(page);
  await page.locator('.ant-skeleton').first().waitFor({ state: 'detached' });
  await page.mouse.move(0, 0);
  await page.waitForTimeout(1_500);
}

/** The figure in a KPI tile, as a number. */
async function kpiValue(page: Page, key: string): Promise<number> {
  const text = await page.locator(`[data-testid=kpi-${key}] .gz-kpi-value`).innerText();
  return Number(text.replace(/[^\d]/g, ''));
}

describe('a city leader at the command centre', () => {
  test('lands on the dashboard of the city: numbers, 三率, map, panels', async () => {
    const { page } = leader;
    await page.waitForURL('**/dashboard');
    await settleDashboard(page);
    expect(await page.locator('[data-testid=dash-title]').innerText()).toContain(CITY_NAME);
    expect(await crumbs(page)).toEqual([CITY_NAME]);
    for (const key of ['today-received', 'today-replied', 'today-closed', 'now-open', 'now-dueSoon', 'now-overdue']) {
      expect(await page.locator(`[data-testid=kpi-${key}] .gz-kpi-value`).innerText()).toMatch(/\d/);
    }
    expect(await kpiValue(page, 'now-open')).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=dash-rates] .gz-rate').count()).toBe(4);
    expect(await page.locator('[data-testid=dash-rates]').innerText()).toMatch(/满意率[\s\S]*\d+\.\d%|\d+\.\d%[\s\S]*满意率/);
    // one row per district, each a link down
    expect(await page.locator('[data-testid=dash-children] a[data-testid^=child-]').count()).toBe(10);
    await page.locator('[data-testid=dash-categories] li').first().waitFor();
    await page.locator('[data-testid=dash-channels]').waitFor();
    await page.locator('[data-testid=dash-series]').waitFor();
    await screenshot(page, 'dashboard-city', true);
  });

  test('a number links to the list of the cases behind it', async () => {
    const { page } = leader;
    const open = page.locator('[data-testid=kpi-now-open] a');
    const href = await open.getAttribute('href');
    expect(href).toMatch(/^\/cases\?/);
    await open.click();
    await page.waitForURL('**/cases?*');
    await page.locator('[data-testid=figure-filter]').waitFor();
    await page.locator('[data-testid=search-table] tbody tr.ant-table-row').first().waitFor();
    expect(await page.locator('[data-testid=search-table] tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    await page.goBack();
    await page.waitForURL('**/dashboard');
    await settleDashboard(page);
  });

  test('drills down city → district → street → community → grid through the list under the map, breadcrumb back up', async () => {
    const { page } = leader;
    const names = [CITY_NAME];
    for (const level of ['district', 'street', 'community', 'grid']) {
      const link = page.locator('[data-testid=dash-children] a[data-testid^=child-]').first();
      const code = (await link.getAttribute('data-testid'))!.slice('child-'.length);
      const name = await link.innerText();
      await link.click();
      await page.waitForURL(`**/dashboard?region=${code}`);
      names.push(name);
      await expect.poll(() => crumbs(page), POLL).toEqual(names);
      await waitForMap(page);
      if (level === 'street') {
        await page.locator('.ant-skeleton').first().waitFor({ state: 'detached' });
        await page.waitForTimeout(1_500);
        await screenshot(page, 'dashboard-city-leader-at-street', true);
      }
    }
    // a grid has nothing below: its latest cases stand where the list was
    expect(await page.locator('[data-testid=dash-children]').count()).toBe(0);
    await page.locator('[data-testid=dash-recent]').or(page.locator('.gz-area-kids .ant-empty')).first().waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(1_500);
    await screenshot(page, 'dashboard-grid', true);
    // back up to the district through the breadcrumb
    await breadcrumb(page).getByText(names[1]!, { exact: true }).click();
    await expect.poll(() => crumbs(page), POLL).toEqual(names.slice(0, 2));
    await page.locator('[data-testid=dash-children] a[data-testid^=child-]').first().waitFor();
  });

  test('a click on the map drills down too', async () => {
    const { page } = leader;
    await page.goto('/dashboard');
    await settleDashboard(page);
    // the middle of the city's map is a district (淮阳区)
    const box = (await page.locator('[data-testid=region-map]').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForURL(/\/dashboard\?region=\d{6}$/);
    await expect.poll(async () => (await crumbs(page)).length, POLL).toBe(2);
  });

  test('a new case arrives in the live feed without a reload', async () => {
    const { page } = leader;
    await page.goto('/dashboard');
    await settleDashboard(page);
    const operator = await openPage(browser, server.baseUrl);
    await signIn(operator.page, 'operator');
    await operator.page.waitForURL((url) => !url.pathname.startsWith('/login'));
    const csrf = (await operator.context.cookies()).find((cookie) => cookie.name === 'gz_csrf')?.value ?? '';
    const response = await operator.page.request.post('/api/cases', {
      data: { text: NEW_CASE_TEXT, location: PLACE, reporter: { name: '王女士', phone: '13800138000' } },
      headers: { 'x-csrf-token': csrf, 'idempotency-key': `e2e-dashboard-${Date.now()}` },
    });
    expect(response.status(), await response.text()).toBe(201);
    await page.locator('[data-testid=dash-feed]').getByText(NEW_CASE_TEXT.slice(0, 10)).first().waitFor();
    await operator.context.close();
  });

  test('opens the big screen: dark, 16:9, clock, rotating panels, no navigation', async () => {
    const { page } = leader;
    await page.setViewportSize(WALL);
    await page.locator('[data-testid=open-screen]').click();
    await page.waitForURL('**/dashboard/screen**');
    await page.locator('[data-testid=screen-title]').getByText(`${CITY_NAME}城市基层治理指挥中心`).waitFor();
    await settleScreen(page);
    expect(await page.locator('[data-testid=nav]').count()).toBe(0);
    expect(await page.locator('[data-testid=screen-clock]').innerText()).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    const box = await page.locator('.gz-screen').boundingBox();
    expect(box).toMatchObject({ width: WALL.width, height: WALL.height });
    await screenshot(page, 'dashboard-screen-city');
    // the panels take turns every 15 s
    const rotating = page.locator('[data-testid=screen-rotating-left] h2');
    const first = await rotating.innerText();
    await expect.poll(() => rotating.innerText(), { timeout: 20_000 }).not.toBe(first);
  });

  test('the same in English', async () => {
    const { page } = leader;
    await page.evaluate(() => window.localStorage.setItem('gz_lang', 'en'));
    await page.reload();
    await page.locator('[data-testid=screen-title]').getByText('Grassroots Governance Command Centre').waitFor();
    await settleScreen(page);
    await screenshot(page, 'dashboard-screen-city-en');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/dashboard');
    await settleDashboard(page);
    expect(await page.locator('[data-testid=kpi-now-open]').innerText()).toContain('Open');
    await screenshot(page, 'dashboard-city-en', true);
    await page.evaluate(() => window.localStorage.setItem('gz_lang', 'zh-CN'));
  });
});

describe('a street leader', () => {
  test('sees their street, in both modes, and on a phone', async () => {
    const { context, page } = await openPage(browser, server.baseUrl);
    await signIn(page, 'jd-leader');
    await page.waitForURL('**/dashboard');
    await settleDashboard(page);
    expect(await page.locator('[data-testid=dash-title]').innerText()).toContain(STREET_NAME);
    const trail = await crumbs(page);
    expect(trail[0]).toBe(CITY_NAME);
    expect(trail.at(-1)).toBe(STREET_NAME);
    // above their own street the names are not links: that is outside their territory
    expect(await breadcrumb(page).locator('a').count()).toBe(0);
    expect(await page.locator('[data-testid=dash-children] a[data-testid^=child-]').count()).toBeGreaterThan(0);
    await screenshot(page, 'dashboard-street', true);

    await page.setViewportSize(WALL);
    await page.goto('/dashboard/screen');
    await page.locator('[data-testid=screen-title]').getByText(`${STREET_NAME}城市基层治理指挥中心`).waitFor();
    await settleScreen(page);
    await screenshot(page, 'dashboard-screen-street');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/dashboard');
    await settleDashboard(page);
    await screenshot(page, 'dashboard-street-phone');
    await context.close();
  });

  test('a region outside the viewer’s territory is not shown', async () => {
    const { context, page } = await openPage(browser, server.baseUrl);
    await signIn(page, 'jd-leader');
    await page.waitForURL('**/dashboard');
    const response = await page.request.get('/api/dashboard/summary?region=411600');
    expect(response.status()).toBe(404);
    await context.close();
  });
});
