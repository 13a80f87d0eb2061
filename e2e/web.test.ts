// The web app in Chromium against the real server and the demo city 周口市 (411600).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { POLL, getJson, openPage, pickOption, settleTable, signIn, waitForMap } from './flows.ts';
import { launchBrowser, screenshot, startServer } from './harness.ts';
import type { RunningServer } from './harness.ts';

const CITY_CODE = '411600';
const CITY_NAME = '周口市';

interface RegionDetail {
  code: string;
  name: string;
  level: string;
  ancestors: { code: string; name: string; level: string }[];
  childCount: number;
}

interface Me {
  account: { displayName: string };
  abilities: string[];
}

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const newPage = (): Promise<{ context: BrowserContext; page: Page }> => openPage(browser, server.baseUrl);

function codeInUrl(page: Page): string {
  return new URL(page.url()).pathname.split('/').pop() ?? '';
}

/**
 * Clicks the map until a click lands on a polygon and the page drills down. Starts at the
 * centre and spirals out, so it needs no knowledge of the projection.
 */
async function drillDownOnMap(page: Page): Promise<string> {
  const before = codeInUrl(page);
  const box = await page.locator('[data-testid=region-map]').boundingBox();
  if (!box) throw new Error('the map has no size');
  const points: [number, number][] = [[0, 0]];
  for (const radius of [0.06, 0.12, 0.18, 0.25, 0.32]) {
    for (let step = 0; step < 8; step++) {
      const angle = (step / 8) * 2 * Math.PI;
      points.push([Math.cos(angle) * radius, Math.sin(angle) * radius]);
    }
  }
  for (const [dx, dy] of points) {
    await page.mouse.click(box.x + box.width * (0.5 + dx), box.y + box.height * (0.5 + dy));
    try {
      await page.waitForURL((url) => !url.pathname.endsWith(`/${before}`), { timeout: 1_500 });
      await waitForMap(page);
      return codeInUrl(page);
    } catch {
      // the click hit the background: try the next point
    }
  }
  throw new Error(`no click on the map of ${before} drilled down`);
}

async function navTexts(page: Page): Promise<string> {
  return page.locator('[data-testid=nav]').innerText();
}

describe('web app', () => {
  test('the login page in Chinese and English; a wrong password shows the error', async () => {
    const { context, page } = await newPage();
    await page.goto('/login');
    await expect.poll(() => page.locator('html').getAttribute('lang'), POLL).toBe('zh-CN');
    await page.getByText('城市基层治理平台').first().waitFor();
    await page
      .getByRole('button', { name: '登 录' })
      .or(page.getByRole('button', { name: '登录' }))
      .waitFor();
    await screenshot(page, 'login-zh');

    await page.locator('[data-testid=language-switch]').getByText('English').click();
    await expect.poll(() => page.locator('html').getAttribute('lang'), POLL).toBe('en');
    await page.getByText('Urban grassroots governance platform').first().waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'login-en');

    await page.locator('[data-testid=language-switch]').getByText('中文').click();
    await expect.poll(() => page.locator('html').getAttribute('lang'), POLL).toBe('zh-CN');
    // `operator`, not `admin`: failed logins count towards the lockout
    await signIn(page, 'operator', 'not-the-password');
    const error = page.locator('[data-testid=login-error]');
    await error.waitFor();
    expect(await error.innerText()).toContain('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, 'login-error');
    await context.close();
  });

  test('admin drills down from the city to a community, then opens units and accounts, in Chinese and English', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'admin');
    await page.waitForURL(`**/regions/${CITY_CODE}`);
    const me = await getJson<Me>(page, '/api/me');

    // the layout: city, user, role and the admin navigation
    expect(await page.locator('[data-testid=header-city]').innerText()).toContain(CITY_NAME);
    const user = await page.locator('[data-testid=header-user]').innerText();
    expect(user).toContain(me.account.displayName);
    expect(user).toContain('管理员');
    const nav = await navTexts(page);
    for (const label of ['区域与网格', '单位管理', '账号管理', '我的账号']) expect(nav).toContain(label);

    // the city: its districts on the map, the tree and the card
    await waitForMap(page);
    const city = await getJson<RegionDetail>(page, `/api/regions/${CITY_CODE}`);
    expect(city.childCount).toBe(10);
    expect(await page.locator('[data-testid=region-code]').innerText()).toBe(CITY_CODE);
    expect(await page.locator('[data-testid=region-breadcrumb]').innerText()).toContain(CITY_NAME);
    const districts = await getJson<{ items: { name: string }[] }>(page, `/api/regions/${CITY_CODE}/children`);
    const tree = page.locator('[data-testid=region-tree]');
    await tree.getByText(districts.items[0]!.name, { exact: true }).waitFor();
    await screenshot(page, 'regions-city');

    // a click on the map opens a district, then a street
    const districtCode = await drillDownOnMap(page);
    const district = await getJson<RegionDetail>(page, `/api/regions/${districtCode}`);
    expect(district.level).toBe('district');
    expect(await page.locator('[data-testid=region-code]').innerText()).toBe(districtCode);
    await tree.getByText(district.name, { exact: true }).waitFor();
    await screenshot(page, 'regions-district');

    const streetCode = await drillDownOnMap(page);
    const street = await getJson<RegionDetail>(page, `/api/regions/${streetCode}`);
    expect(street.level).toBe('street');
    await page.locator('[data-testid=region-info]').getByText('生成数据').waitFor();
    await screenshot(page, 'regions-street');

    const communityCode = await drillDownOnMap(page);
    const community = await getJson<RegionDetail>(page, `/api/regions/${communityCode}`);
    expect(community.level).toBe('community');
    const breadcrumb = await page.locator('[data-testid=region-breadcrumb]').innerText();
    for (const name of [CITY_NAME, district.name, street.name, community.name]) expect(breadcrumb).toContain(name);
    await tree.locator('.ant-tree-treenode-selected').getByText(community.name, { exact: true }).waitFor();
    await screenshot(page, 'regions-community');

    // a tree node opens a grid: the map shows the grid's own boundary
    const grids = await getJson<{ items: { code: string; name: string }[] }>(page, `/api/regions/${communityCode}/children`);
    const grid = grids.items[0]!;
    await tree.getByText(grid.name, { exact: true }).click();
    await page.waitForURL(`**/regions/${grid.code}`);
    await waitForMap(page);
    expect(await page.locator('[data-testid=region-code]').innerText()).toBe(grid.code);
    await screenshot(page, 'regions-grid');

    // the breadcrumb goes back up to the district
    await page.locator('[data-testid=region-breadcrumb]').getByText(district.name, { exact: true }).click();
    await page.waitForURL(`**/regions/${districtCode}`);
    await waitForMap(page);

    // units
    await page.locator('[data-testid=nav]').getByText('单位管理').click();
    await page.waitForURL('**/admin/units');
    await settleTable(page, 'units-table');
    expect(await page.locator('[data-testid=units-table] tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: /新建单位/ }).waitFor();
    await screenshot(page, 'units');

    // accounts: roles as tags
    await page.locator('[data-testid=nav]').getByText('账号管理').click();
    await page.waitForURL('**/admin/accounts');
    const accountsTable = page.locator('[data-testid=accounts-table]');
    await settleTable(page, 'accounts-table');
    await accountsTable.getByText('admin', { exact: true }).first().waitFor();
    expect(await accountsTable.locator('tbody .ant-tag').count()).toBeGreaterThan(0);
    await screenshot(page, 'accounts');

    // English: the labels follow, and the choice survives a reload
    await page.locator('[data-testid=language-switch]').getByText('English').click();
    await expect.poll(() => page.locator('html').getAttribute('lang'), POLL).toBe('en');
    const englishNav = await navTexts(page);
    for (const label of ['Regions & grids', 'Units', 'Accounts', 'My account']) expect(englishNav).toContain(label);
    await page.getByRole('heading', { name: 'Accounts' }).waitFor();
    await accountsTable.getByText('Username').waitFor();
    await page.getByRole('button', { name: /Sign out/ }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Accounts' }).waitFor();
    await settleTable(page, 'accounts-table');
    await screenshot(page, 'accounts-en');

    await page.locator('[data-testid=nav]').getByText('Regions & grids').click();
    await waitForMap(page);
    await page.getByText('Region', { exact: true }).waitFor();
    await screenshot(page, 'regions-city-en');

    await page.getByRole('button', { name: /Sign out/ }).click();
    await page.waitForURL('**/login');
    await context.close();
  });

  test('admin creates a unit and an account, then grants and removes a role', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'admin');
    await page.waitForURL(`**/regions/${CITY_CODE}`);
    const unitName = `e2e物业服务中心${Date.now() % 100_000}`;
    const username = `e2e-user-${Date.now() % 100_000}`;

    // a new unit in the city
    await page.goto('/admin/units');
    await settleTable(page, 'units-table');
    await page.getByRole('button', { name: /新建单位/ }).click();
    const unitModal = page.locator('.ant-modal:visible');
    await unitModal.locator('#unit_name').fill(unitName);
    await unitModal.locator('#unit_kind').click();
    await pickOption(page, '物业公司');
    await unitModal.locator('#unit_regionCode').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-tree-title').getByText(CITY_NAME).first().click();
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count(), POLL).toBe(0);
    await screenshot(page, 'units-create');
    await unitModal.getByRole('button', { name: /保\s?存/ }).click();
    await page.getByText('单位已创建').waitFor();
    await unitModal.waitFor({ state: 'hidden' });
    await page.getByPlaceholder('搜索单位名称').fill(unitName);
    await page.getByPlaceholder('搜索单位名称').press('Enter');
    await page.locator('[data-testid=units-table]').getByText(unitName, { exact: true }).waitFor();

    // a new account, found by search
    await page.goto('/admin/accounts');
    await settleTable(page, 'accounts-table');
    await page.getByRole('button', { name: /新建账号/ }).click();
    const accountModal = page.locator('.ant-modal:visible');
    await accountModal.locator('#createAccount_username').fill(username);
    await accountModal.locator('#createAccount_displayName').fill('测试网格员');
    await accountModal.locator('#createAccount_phone').fill('13800001234');
    await accountModal.locator('#createAccount_password').fill('a-long-Passw0rd');
    await accountModal.getByRole('button', { name: /保\s?存/ }).click();
    await page.getByText('账号已创建').waitFor();
    await accountModal.waitFor({ state: 'hidden' });
    await page.getByPlaceholder('搜索用户名、姓名或手机号').fill(username);
    await page.getByPlaceholder('搜索用户名、姓名或手机号').press('Enter');
    const row = page.locator('[data-testid=accounts-table] tr.ant-table-row').filter({ hasText: username });
    await row.waitFor();

    // grant a role in the new unit, chosen by typing its name
    await row.getByRole('button', { name: /添加角色/ }).click();
    const roleModal = page.locator('.ant-modal:visible');
    await roleModal.locator('#addRole_role').click();
    await pickOption(page, '网格员');
    await roleModal.locator('#addRole_unitId').click();
    await roleModal.locator('#addRole_unitId').fill(unitName.slice(0, 8));
    await pickOption(page, unitName);
    await screenshot(page, 'accounts-add-role');
    await roleModal.getByRole('button', { name: /保\s?存/ }).click();
    await page.getByText('角色已添加').waitFor();
    const tag = row.locator('.ant-tag').filter({ hasText: `网格员 · ${unitName}` });
    await tag.waitFor();

    // and remove it again
    await tag.locator('.ant-tag-close-icon').click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /确\s?定/ })
      .click();
    await page.getByText('角色已移除').waitFor();
    await tag.waitFor({ state: 'detached' });
    await context.close();
  });

  test('a street leader starts at the street and cannot manage; a resident has no admin pages', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'jd-leader');
    // a leader starts at the command centre; the map of the regions is one click away
    await page.waitForURL('**/dashboard');
    await page.locator('[data-testid=nav]').getByText('区域与网格').click();
    await page.waitForURL('**/regions/**');
    const me = await getJson<Me>(page, '/api/me');
    // the navigation follows the abilities: read-only pages may show, management may not
    const nav = await navTexts(page);
    expect(nav).toContain('区域与网格');
    expect(nav.includes('单位管理')).toBe(me.abilities.includes('unit.read'));
    expect(nav.includes('账号管理')).toBe(me.abilities.includes('account.read'));
    expect(me.abilities).not.toContain('unit.manage');
    expect(me.abilities).not.toContain('account.manage');

    await waitForMap(page);
    const home = await getJson<RegionDetail>(page, `/api/regions/${codeInUrl(page)}`);
    expect(home.level).toBe('street');
    const breadcrumb = page.locator('[data-testid=region-breadcrumb]');
    expect(await breadcrumb.innerText()).toContain(home.name);
    // above the home region the breadcrumb names the city but does not link to it
    expect(await breadcrumb.locator('a').getByText(CITY_NAME, { exact: true }).count()).toBe(0);
    await screenshot(page, 'regions-street-leader');

    if (me.abilities.includes('unit.read')) {
      await page.goto('/admin/units');
      await page.locator('[data-testid=units-table] tbody tr.ant-table-row').first().waitFor();
      expect(await page.getByRole('button', { name: /新建单位/ }).count()).toBe(0);
    }
    if (me.abilities.includes('account.read')) {
      await page.goto('/admin/accounts');
      await page.locator('[data-testid=accounts-table] tbody tr.ant-table-row').first().waitFor();
      expect(await page.getByRole('button', { name: /新建账号/ }).count()).toBe(0);
    }
    await context.close();

    const resident = await newPage();
    await signIn(resident.page, 'resident');
    await resident.page.waitForURL('**/cases/new');
    const residentNav = await navTexts(resident.page);
    expect(residentNav).not.toContain('单位管理');
    expect(residentNav).not.toContain('账号管理');
    expect(residentNav).not.toContain('系统管理');
    // and the admin pages stay closed even by URL
    await resident.page.goto('/admin/accounts');
    await resident.page.getByText('没有访问此页面的权限').waitFor();
    await resident.context.close();
  });
});
