// Administration in Chromium: regions edited on the map page, GeoJSON and CSV imports, the audit log.
// The tests run in order and build on each other: the community added first receives the imports.
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { POLL, getJson, openPage, pickOption, settleTable, signIn, waitForMap } from './flows.ts';
import { launchBrowser, screenshot, startServer } from './harness.ts';
import type { RunningServer } from './harness.ts';

const CITY_CODE = '411600';
const NEW_NAME = 'e2e新建社区';
const RENAMED = 'e2e更名社区';

interface Region {
  code: string;
  name: string;
  level: string;
  population: number;
  childCount: number;
  centroid: [number, number] | null;
}

let server: RunningServer;
let browser: Browser;
/** The street the tests work in, and the community the first test adds to it. */
let street: Region;
let communityCode = '';

beforeAll(async () => {
  // one test sends a hundred changes in a row
  server = await startServer({ GONGZHI_RATE_LIMIT_PER_MINUTE: '5000' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedInAdmin(): Promise<Page> {
  const { page } = await openPage(browser, server.baseUrl);
  await signIn(page, 'admin');
  await page.waitForURL(`**/regions/${CITY_CODE}`);
  return page;
}

const children = (page: Page, code: string) => getJson<{ items: Region[] }>(page, `/api/regions/${code}/children`);

/** A square boundary around a point, as GeoJSON. */
function square(lng: number, lat: number, half: number) {
  const ring = [
    [lng - half, lat - half],
    [lng + half, lat - half],
    [lng + half, lat + half],
    [lng - half, lat + half],
    [lng - half, lat - half],
  ];
  return { type: 'Polygon', coordinates: [ring] };
}

function feature(properties: Record<string, unknown>, geometry: unknown) {
  return { type: 'Feature', properties, geometry };
}

/** Puts a file into an import card, sends it, and waits for the card's verdict. */
async function importFile(page: Page, card: string, file: { name: string; mimeType: string; text: string }) {
  const box = page.locator(`[data-testid=${card}]`);
  await box.locator('input[type=file]').setInputFiles({ name: file.name, mimeType: file.mimeType, buffer: Buffer.from(file.text) });
  await box.locator(`[data-testid=${card}-file]`).getByText(file.name).waitFor();
  await box.getByRole('button', { name: /开始导入/ }).click();
  const result = box.locator('[data-testid=import-result]');
  await result.waitFor();
  return result;
}

describe('administration', () => {
  test('admin adds a community under a street, is told when its code is taken, and renames it', async () => {
    const page = await signedInAdmin();
    const district = (await children(page, CITY_CODE)).items[0]!;
    street = { ...(await children(page, district.code)).items[0]! };
    street = await getJson<Region>(page, `/api/regions/${street.code}`);
    const taken = new Set((await children(page, street.code)).items.map((child) => child.code));
    communityCode = [...Array(99).keys()].map((i) => `${street.code}9${String(i + 1).padStart(2, '0')}`).find((code) => !taken.has(code))!;

    await page.goto(`/regions/${street.code}`);
    await waitForMap(page);
    await page.locator('[data-testid=region-add]').click();
    const modal = page.locator('.ant-modal:visible');
    await modal.locator('[data-testid=add-region-parent]').getByText(street.name).waitFor();
    // the code starts as the parent's code
    expect(await modal.locator('#addRegion_code').inputValue()).toBe(street.code);
    await modal.locator('#addRegion_code').fill(communityCode);
    await modal.locator('#addRegion_name').fill(NEW_NAME);
    await modal.locator('#addRegion_population').fill('2468');
    await screenshot(page, 'region-add');
    await modal.getByRole('button', { name: /保\s?存/ }).click();
    await page.getByText(`已新增区域：${NEW_NAME}`).waitFor();
    await modal.waitFor({ state: 'hidden' });
    // the tree and the list of subdivisions show it without a reload
    const tree = page.locator('[data-testid=region-tree]');
    await tree.getByText(NEW_NAME, { exact: true }).waitFor();
    const created = await getJson<Region>(page, `/api/regions/${communityCode}`);
    expect(created).toMatchObject({ name: NEW_NAME, level: 'community', population: 2468 });

    // the same code again: the API's message shows in the form
    await page.locator('[data-testid=region-add]').click();
    await modal.locator('#addRegion_code').fill(communityCode);
    await modal.locator('#addRegion_name').fill('重复的社区');
    await modal.getByRole('button', { name: /保\s?存/ }).click();
    expect(await modal.getByRole('alert').innerText()).toContain('already exists');
    await modal.getByRole('button', { name: /取\s?消/ }).click();
    await modal.waitFor({ state: 'hidden' });

    // open it from the list and rename it
    await page.locator('.gz-regions-side .ant-table-row').filter({ hasText: NEW_NAME }).click();
    await page.waitForURL(`**/regions/${communityCode}`);
    await page.getByText('暂无边界数据').waitFor();
    await page.locator('[data-testid=region-edit]').click();
    expect(await modal.locator('#editRegion_name').inputValue()).toBe(NEW_NAME);
    await modal.locator('#editRegion_name').fill(RENAMED);
    await modal.locator('#editRegion_population').fill('3000');
    await modal.getByRole('button', { name: /保\s?存/ }).click();
    await page.getByText('区域已保存').waitFor();
    await page.locator('[data-testid=region-info]').getByText(RENAMED, { exact: true }).waitFor();
    await page.locator('[data-testid=region-breadcrumb]').getByText(RENAMED).waitFor();
    await tree.getByText(RENAMED, { exact: true }).waitFor();
    expect(await tree.getByText(NEW_NAME, { exact: true }).count()).toBe(0);
    expect(await getJson<Region>(page, `/api/regions/${communityCode}`)).toMatchObject({ name: RENAMED, population: 3000 });
    await page.context().close();
  });

  test('imports: a GeoJSON file with bad rows is refused whole, a good one and a CSV of units are created', async () => {
    expect(communityCode, 'the first test adds the community').not.toBe('');
    const page = await signedInAdmin();
    expect(await page.locator('[data-testid=nav]').innerText()).toContain('数据导入');
    await page.locator('[data-testid=nav]').getByText('数据导入').click();
    await page.waitForURL('**/admin/import');
    await page.getByText('导入区域（GeoJSON）').waitFor();

    // the templates are made in the browser
    const [regionTemplate] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=import-regions-template]').click(),
    ]);
    expect(regionTemplate.suggestedFilename()).toBe('regions-template.geojson');
    expect(JSON.parse(await readFile(await regionTemplate.path(), 'utf8'))).toMatchObject({ type: 'FeatureCollection' });
    const [unitTemplate] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=import-units-template]').click()]);
    expect(unitTemplate.suggestedFilename()).toBe('units-template.csv');
    expect((await readFile(await unitTemplate.path(), 'utf8')).replace(/^\uFEFF/, '')).toMatch(/^name,kind,region_code,department_type\n/);

    const [lng, lat] = street.centroid ?? [114.65, 33.62];
    const grid = (suffix: string, name: string, dx: number) =>
      feature({ code: `${communityCode}${suffix}`, name, level: 'grid', parentCode: communityCode }, square(lng + dx, lat, 0.001));

    // row 1 is fine, row 2 puts a grid under a street, row 3 has no name: nothing is imported
    const bad = {
      type: 'FeatureCollection',
      features: [
        grid('011', '第十一网格', 0),
        feature({ code: `${street.code}902001`, name: '错层网格', level: 'grid', parentCode: street.code }, square(lng, lat, 0.001)),
        feature({ code: `${communityCode}012`, level: 'grid', parentCode: communityCode }, square(lng, lat, 0.001)),
      ],
    };
    const refused = await importFile(page, 'import-regions', {
      name: 'bad-regions.geojson',
      mimeType: 'application/geo+json',
      text: JSON.stringify(bad),
    });
    await refused.getByText('导入失败：2 行有误').waitFor();
    expect(await refused.innerText()).toContain('未导入任何数据');
    const rows = refused.locator('[data-testid=import-failures] tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), POLL).toBe(2);
    expect(await rows.nth(0).locator('td').first().innerText()).toBe('2');
    expect(await rows.nth(0).innerText()).toContain('cannot hold a grid');
    expect(await rows.nth(1).locator('td').first().innerText()).toBe('3');
    expect(await rows.nth(1).innerText()).toContain('name');
    expect((await children(page, communityCode)).items).toHaveLength(0);
    await screenshot(page, 'import-errors');

    const good = { type: 'FeatureCollection', features: [grid('001', '第一网格', -0.0012), grid('002', '第二网格', 0.0012)] };
    const imported = await importFile(page, 'import-regions', {
      name: 'grids.geojson',
      mimeType: 'application/geo+json',
      text: JSON.stringify(good),
    });
    await imported.getByText('导入成功：已新增 2 个区域').waitFor();
    expect((await children(page, communityCode)).items.map((child) => child.name).sort()).toEqual(['第一网格', '第二网格']);

    const csv = [
      'name,kind,region_code,department_type',
      `e2e物业服务站,property_company,${communityCode},`,
      `e2e城管执法队,department,${communityCode},城管`,
      '',
    ].join('\n');
    const units = await importFile(page, 'import-units', { name: 'units.csv', mimeType: 'text/csv', text: csv });
    await units.getByText('导入成功：已新增 2 个单位').waitFor();
    const listed = await getJson<{ items: { name: string }[] }>(page, `/api/units?region=${communityCode}`);
    expect(listed.items.map((unit) => unit.name).sort()).toEqual(['e2e城管执法队', 'e2e物业服务站']);
    await screenshot(page, 'import-ok');

    // the verdicts follow the language
    await page.locator('[data-testid=language-switch]').getByText('English').click();
    await units.getByText('Imported: 2 units added').waitFor();
    await imported.getByText('Imported: 2 regions added').waitFor();
    await screenshot(page, 'import-en');
    await page.context().close();
  });

  test('the audit log lists those changes, filters by type, and its hash chain verifies', async () => {
    const page = await signedInAdmin();
    await page.locator('[data-testid=nav]').getByText('审计日志').click();
    await page.waitForURL('**/admin/audit');
    await settleTable(page, 'audit-table');
    const table = page.locator('[data-testid=audit-table]');
    for (const label of ['新增区域', '修改区域', '导入区域', '导入单位', '登录']) {
      await table.locator('.ant-tag').getByText(label, { exact: true }).first().waitFor();
    }
    // the refused import left no trace: one region import, one unit import
    expect(await table.locator('.ant-tag').getByText('导入区域', { exact: true }).count()).toBe(1);

    await page.getByRole('button', { name: /校验哈希链/ }).click();
    const verdict = page.locator('[data-testid=audit-verify-result]');
    await verdict.waitFor();
    expect(await verdict.innerText()).toMatch(/已校验 \d+ 条，链条完整/);
    expect(await verdict.getAttribute('class')).toContain('ant-alert-success');
    await screenshot(page, 'audit');

    // an entry opens to its hashes and full detail
    const changed = table.locator('tr.ant-table-row').filter({ hasText: '修改区域' });
    await changed.locator('.ant-table-row-expand-icon').click();
    const expanded = table.locator('tr.ant-table-expanded-row');
    await expanded.getByText('前一条哈希').waitFor();
    expect(await expanded.innerText()).toContain('region.update');

    // only regions
    await page.locator('[data-testid=audit-entity-filter]').click();
    await pickOption(page, '区域');
    await expect.poll(async () => (await table.locator('tbody tr.ant-table-row').allInnerTexts()).join('\n'), POLL).not.toContain('登录');
    await table.locator('.ant-tag').getByText('修改区域', { exact: true }).waitFor();
    expect(await table.locator('tbody tr.ant-table-row').count()).toBe(3);

    // in English, all entries again (a reload clears the filter, the language stays)
    await page.locator('[data-testid=language-switch]').getByText('English').click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.reload();
    await settleTable(page, 'audit-table');
    for (const label of ['Region added', 'Region changed', 'Regions imported', 'Units imported', 'Sign-in']) {
      await table.locator('.ant-tag').getByText(label, { exact: true }).first().waitFor();
    }
    await page.getByRole('button', { name: /Verify hash chain/ }).click();
    await verdict.getByText(/entries verified, the chain is intact/).waitFor();
    await screenshot(page, 'audit-en');
    await page.context().close();
  });

  test('the audit log pages back by sequence number', async () => {
    const page = await signedInAdmin();
    // more entries than one page (100): a hundred small changes to a unit
    const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'gz_csrf')?.value ?? '';
    const unit = (await getJson<{ items: { id: string }[] }>(page, '/api/units?limit=1')).items[0]!;
    for (let i = 1; i <= 100; i++) {
      const response = await page.request.patch(`/api/units/${unit.id}`, {
        data: { departmentType: `e2e-${i}` },
        headers: { 'x-csrf-token': csrf },
      });
      expect(response.status()).toBe(200);
    }
    const total = (await getJson<{ items: unknown[] }>(page, '/api/audit?limit=500')).items.length;
    expect(total).toBeGreaterThan(100);

    await page.goto('/admin/audit');
    await settleTable(page, 'audit-table');
    const rows = page.locator('[data-testid=audit-table] tbody tr.ant-table-row');
    expect(await rows.count()).toBe(100);
    await page.locator('[data-testid=audit-more]').click();
    await expect.poll(() => rows.count(), POLL).toBe(total);
    // the oldest entry is the city's first, and nothing older is offered
    expect(await rows.last().locator('td').nth(1).innerText()).toBe('1');
    await page.locator('[data-testid=audit-more]').waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid=audit-shown]').innerText()).toBe(`已显示 ${total} 条`);
    await page.context().close();
  });

  test('a district administrator is told that the audit log is for the whole city', async () => {
    const { context, page } = await openPage(browser, server.baseUrl);
    await signIn(page, 'cq-admin');
    await page.waitForURL('**/regions/**');
    await page.locator('[data-testid=nav]').getByText('审计日志').click();
    await page.locator('[data-testid=audit-forbidden]').getByText('审计日志仅供管辖全市的管理员查看').waitFor();
    await context.close();
  });
});
