// 每月一题 in Chromium against the real server and the demo city 周口市: a city leader reads last month's
// proposals with their figures and reasons, makes the top one a programme (立项), adds an action and marks it
// done, opens a demo programme with an overdue action and its effect chart; the same pages in English.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openPage, pickOption, settleTable, signIn } from './flows.ts';
import { launchBrowser, screenshot, startServer } from './harness.ts';
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

async function openOverdueProgramme(): Promise<void> {
  await page.goto('/themes');
  await settleTable(page, 'theme-programmes');
  // The demo's programme of last month has an action done, one open and one overdue: "1 / 1 / 1".
  await rows('theme-programmes')
    .filter({ hasText: /1 \/ 1 \/ 1/ })
    .first()
    .locator('[data-testid=theme-link]')
    .click();
  await page.locator('[data-testid=theme-effect-chart] canvas').waitFor();
}

describe('a city leader picks the monthly theme and follows it', () => {
  test('last month’s proposals: figures, reasons, and the demo programmes', async () => {
    await page.locator('.ant-menu').getByText('每月一题').click();
    await page.waitForURL('**/themes');
    await settleTable(page, 'theme-proposals');
    expect(await rows('theme-proposals').count()).toBeGreaterThan(3);
    expect(await rows('theme-proposals').first().locator('[data-testid=theme-reasons] .ant-tag').count()).toBeGreaterThan(0);
    expect(await rows('theme-proposals').first().textContent()).toMatch(/居第 \d+ 位|倒数第 \d+/);
    await settleTable(page, 'theme-programmes');
    expect(await rows('theme-programmes').count()).toBe(2);
    await screenshot(page, 'themes-proposals', true);
  });

  test('立项: the top proposal becomes a programme with a lead department and a co-unit', async () => {
    const top = rows('theme-proposals').first();
    const name = (await top.locator('td').nth(1).locator('strong').textContent())!;
    await top.locator('[data-testid=theme-adopt]').click();
    const modal = page.locator('.ant-modal:visible');
    await modal.getByText(`立项：${name}`).waitFor();
    await modal.locator('[data-testid=theme-lead]').click();
    await page.keyboard.type('周口市城市管理局');
    await pickOption(page, '周口市城市管理局');
    await modal.locator('[data-testid=theme-co-units]').click();
    await page.keyboard.type('川汇区城市管理局');
    // A multiple select stays open after a pick: pick, then close it by a click outside.
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '川汇区城市管理局' }).first().click();
    await modal.locator('.ant-modal-title').click();
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' });
    await modal.locator('[data-testid=theme-target]').fill(`${name}类诉求月均件数下降三成`);
    await screenshot(page, 'themes-adopt');
    await modal.getByRole('button', { name: /立\s?项/ }).click();
    await page.waitForURL(/\/themes\/[0-9a-f-]{36}$/);
    await page.locator('[data-testid=theme-heading]').getByText(`${name}专项治理`).waitFor();
    await page.locator('[data-testid=theme-effect-chart] canvas').waitFor();
  });

  test('the lead adds an action with a deadline in working days and marks it done', async () => {
    await page.locator('[data-testid=theme-add-action]').click();
    const modal = page.locator('.ant-modal:visible');
    await modal.locator('[data-testid=theme-action-title]').fill('全面排查问题点位，建立台账');
    await modal.locator('[data-testid=theme-action-days]').fill('5');
    await modal.getByRole('button', { name: /保\s?存/ }).click();
    await modal.waitFor({ state: 'hidden' });
    await rows('theme-actions').first().getByText('进行中').waitFor();
    await rows('theme-actions').first().locator('[data-testid=theme-mark-done]').click();
    const done = page.locator('.ant-modal:visible');
    await done.locator('[data-testid=theme-done-note]').fill('已建立台账，排查点位 46 处');
    await done.getByRole('button', { name: /保\s?存/ }).click();
    await done.waitFor({ state: 'hidden' });
    await rows('theme-actions').first().getByText('已完成').waitFor();
    await screenshot(page, 'theme-new-programme', true);
  });

  test('a demo programme: an overdue action, the effect before and after', async () => {
    await openOverdueProgramme();
    expect(await page.locator('[data-testid=theme-action-status][data-status=overdue]').count()).toBe(1);
    expect(await page.locator('[data-testid=theme-action-status][data-status=done]').count()).toBe(1);
    await page.locator('[data-testid=theme-effect]').getByText('立项前月均').waitFor();
    await screenshot(page, 'theme-programme', true);
  });

  test('the same pages in English', async () => {
    await page.evaluate(() => window.localStorage.setItem('gz_lang', 'en'));
    await page.goto('/themes');
    await settleTable(page, 'theme-proposals');
    await page.getByText('Frequent hard problems of').waitFor();
    expect(await rows('theme-proposals').first().textContent()).toMatch(/#\d+/);
    await screenshot(page, 'themes-proposals-en', true);
    await openOverdueProgramme();
    await page.locator('[data-testid=theme-effect]').getByText('Monthly mean before').waitFor();
    await page.getByText('Overdue', { exact: true }).first().waitFor();
    await screenshot(page, 'theme-programme-en', true);
    await page.evaluate(() => window.localStorage.setItem('gz_lang', 'zh-CN'));
  });
});
