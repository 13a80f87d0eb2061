// The desks around the loop in Chromium: duplicates merged at intake (in English), the dispatch
// queue, the case search, and a registered resident who reports, follows and withdraws.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { act, waitForStatus } from './cases.flows.ts';
import { POLL, getJson, openPage, pickOption, settleTable, signIn } from './flows.ts';
import { launchBrowser, screenshot, startServer } from './harness.ts';
import type { RunningServer } from './harness.ts';

interface CaseList {
  items: { id: string; trackingCode: string; status: string }[];
}

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ GONGZHI_RATE_LIMIT_PER_MINUTE: '5000' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const newPage = (): Promise<{ context: BrowserContext; page: Page }> => openPage(browser, server.baseUrl);

async function caseId(page: Page, code: string): Promise<string> {
  const list = await getJson<CaseList>(page, `/api/cases?view=all&q=${code}`);
  const found = list.items.find((item) => item.trackingCode === code);
  if (!found) throw new Error(`no case ${code}`);
  return found.id;
}

/** Fills the intake form of a call placed by its address only (it goes to the dispatch queue). */
async function takeCall(page: Page, call: { phone: string; name: string; text: string; address: string }): Promise<void> {
  await page.locator('#intake_phone').fill(call.phone);
  await page.locator('#intake_name').fill(call.name);
  await page.locator('#intake_text').fill(call.text);
  await page.locator('#intake_category').click();
  await page.locator('#intake_category').fill('占道经营');
  await page.locator('.ant-cascader-menu-item').filter({ hasText: '占道经营' }).first().click();
  await page.locator('.ant-cascader-dropdown:visible').waitFor({ state: 'hidden' });
  await page.locator('#intake_address').fill(call.address);
}

describe('the desks around the loop', () => {
  let firstCode = '';

  test('in English, the operator takes two calls about one problem and merges the second into the first', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'operator');
    await page.waitForURL('**/cases/new');
    await page.locator('[data-testid=language-switch]').getByText('English').click();
    await page.getByRole('heading', { name: 'Hotline intake' }).waitFor();

    await takeCall(page, {
      phone: '13500003333',
      name: '赵先生',
      text: '人民公园东门人行道每天傍晚被流动摊贩占满，行人只能走机动车道',
      address: '人民公园东门',
    });
    await screenshot(page, 'intake-en');
    await page.locator('[data-testid=intake-submit]').click();
    const result = page.locator('[data-testid=intake-result]');
    await result.waitFor();
    firstCode = (await page.locator('[data-testid=intake-tracking]').innerText()).trim();
    // no point on the map: no rule can place it, a dispatcher will
    expect(await page.locator('[data-testid=intake-unit]').innerText()).toBe('Waiting for a dispatcher');
    expect(await result.innerText()).toContain('No place: dispatch by hand');

    await takeCall(page, {
      phone: '13500004444',
      name: '钱女士',
      text: '人民公园东门人行道傍晚被摊贩占满了，行人走不过去',
      address: '人民公园东门南侧',
    });
    await page.locator('[data-testid=intake-submit]').click();
    await expect.poll(() => page.locator('[data-testid=intake-tracking]').innerText(), POLL).not.toBe(firstCode);
    const duplicates = page.locator('[data-testid=intake-duplicates]');
    await duplicates.getByText(firstCode).waitFor();
    await screenshot(page, 'intake-duplicates-en');
    await duplicates.locator('[data-testid=merge-into]').first().click();
    await result.getByText(`Merged into case ${firstCode}`).waitFor();
    expect(await result.locator('[data-testid=case-status]').getAttribute('data-status')).toBe('merged');

    // the first case now counts two voices
    await page.goto(`/cases/${await caseId(page, firstCode)}`);
    await page.getByText('1 more reported the same problem').first().waitFor();
    await page.locator('[data-testid=timeline-event][data-type="case.supporter_added"]').waitFor();
    await page.waitForTimeout(400);
    await screenshot(page, 'case-detail-en');
    await context.close();
  });

  test('the dispatcher dispatches the unplaced case; the case search finds it by its code', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'dispatcher');
    await page.waitForURL('**/cases/queue');
    await page.locator('[data-testid=received-tab]').click();
    const row = page.locator('[data-testid=received-table] tr.ant-table-row').filter({ hasText: firstCode });
    await row.waitFor();
    await row.locator('[data-testid=queue-dispatch]').click();
    const modal = page.locator('.ant-modal:visible');
    await modal.locator('#action-dispatch_unitId').click();
    await modal.locator('#action-dispatch_unitId').fill('川汇区城市管理局');
    await pickOption(page, '川汇区城市管理局');
    await screenshot(page, 'queue-dispatch-zh');
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await modal.waitFor({ state: 'hidden' });
    await row.waitFor({ state: 'detached' });

    await page.locator('[data-testid=nav]').getByText('工单查询').click();
    await page.waitForURL('**/cases');
    await page.locator('[data-testid=search-q] input').fill(firstCode);
    await page.locator('[data-testid=search-q] input').press('Enter');
    await page.waitForURL(`**/cases?q=${firstCode}`);
    const found = page.locator('[data-testid=search-table] tr.ant-table-row');
    await expect.poll(() => found.count(), POLL).toBe(1);
    expect(await found.locator('[data-testid=case-status]').getAttribute('data-status')).toBe('dispatched');
    expect(await found.innerText()).toContain('川汇区城市管理局');
    await settleTable(page, 'search-table');
    await screenshot(page, 'cases-search-zh');
    // the filters live in the address: a status the case does not have finds nothing
    await page.goto(`/cases?q=${firstCode}&status=closed`);
    await page.locator('[data-testid=search-table] .ant-empty').waitFor();
    await context.close();
  });

  test('a registered resident reports through 我要反映, follows it under 我的诉求 and withdraws it', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'resident');
    await page.waitForURL('**/cases/new');
    await page.getByRole('heading', { name: '我要反映' }).waitFor();
    expect(await page.locator('#intake_phone').count()).toBe(0);
    await page.locator('#intake_text').fill('小区北门的垃圾桶已经三天没有清运，气味很大');
    await page.locator('#intake_address').fill('振兴里小区北门');
    await page.locator('[data-testid=intake-submit]').click();
    await page.locator('[data-testid=intake-result]').waitFor();
    const code = (await page.locator('[data-testid=intake-tracking]').innerText()).trim();

    await page.locator('[data-testid=nav]').getByText('我的诉求').click();
    await page.waitForURL('**/cases/mine');
    const row = page.locator('[data-testid=search-table] tr.ant-table-row').filter({ hasText: code });
    await row.waitFor();
    await settleTable(page, 'search-table');
    await screenshot(page, 'cases-mine-zh');
    await row.locator('[data-testid=case-link]').click();
    await page.locator('[data-testid=case-timeline]').waitFor();
    await act(page, 'withdraw', (modal) => modal.locator('#action-withdraw_reason').fill('物业已经清运，问题已解决'));
    await waitForStatus(page, 'withdrawn');
    expect(await page.locator('[data-testid=case-actions]').count()).toBe(0);
    await context.close();
  });
});
