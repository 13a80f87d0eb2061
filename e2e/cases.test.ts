// The case loop (接诉即办) in Chromium, role by role, against the real server and the demo city 周口市.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { wgs84ToGcj02 } from '../web/src/cases/geometry.ts';
import { act, answer, caseIdInUrl, pickDistrictOnMap, startSmsGateway, waitForStatus, wgs84For } from './cases.flows.ts';
import type { SmsGateway } from './cases.flows.ts';
import { POLL, openPage, pickOption, settleTable, signIn } from './flows.ts';
import { launchBrowser, screenshot, startServer } from './harness.ts';
import type { RunningServer } from './harness.ts';

const CITY = 'zhoukou';
// The centre of 振兴里社区 (永安街道, 川汇区), whose residents' committee is sq-handler's unit.
const COMMUNITY_CENTRE = { lng: 114.654409, lat: 33.626177 };

let server: RunningServer;
let browser: Browser;
let sms: SmsGateway;

beforeAll(async () => {
  sms = await startSmsGateway();
  // every browser of the flow comes from one address: the per-address limit is raised
  server = await startServer({ GONGZHI_SMS_GATEWAY_URL: sms.url, GONGZHI_RATE_LIMIT_PER_MINUTE: '5000' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sms?.close();
});

const newPage = (): Promise<{ context: BrowserContext; page: Page }> => openPage(browser, server.baseUrl);

async function openFromInbox(page: Page, code: string): Promise<string> {
  await page.goto('/cases/inbox');
  const row = page.locator('[data-testid=inbox-table] tr.ant-table-row').filter({ hasText: code });
  await row.waitFor();
  await row.locator('[data-testid=case-link]').click();
  await page.waitForURL('**/cases/*-*');
  await page.locator('[data-testid=case-timeline]').waitFor();
  return caseIdInUrl(page);
}

describe('a resident reports, the community handles it, the resident rates it by the SMS link', () => {
  const phone = '13700001111';
  let code = '';

  test('the resident reports on /report without an account, placed by the phone position', async () => {
    // the community's handler watches the inbox: the new case arrives without a reload
    const handler = await newPage();
    await signIn(handler.page, 'sq-handler');
    await handler.page.waitForURL('**/cases/inbox');
    await handler.page.locator('[data-testid=inbox-counts]').waitFor();

    const context = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      geolocation: wgs84For(COMMUNITY_CENTRE, wgs84ToGcj02),
      permissions: ['geolocation'],
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(`/report/${CITY}`);
    await page.locator('[data-testid=report-form]').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/report/${CITY}`);
    await page.locator('#report_text').fill('振兴里小区3号楼楼道里堆满了纸箱和旧家具，堵住了消防通道');
    await page.locator('#report_categoryCode').click();
    await page.locator('#report_categoryCode').fill('楼道堆物');
    await pickOption(page, '楼道堆物');
    await page.locator('#report_address').fill('振兴里小区3号楼');
    await page.getByRole('button', { name: /使用当前位置/ }).click();
    await page.locator('.gz-mono').filter({ hasText: '114.65' }).waitFor();
    await page.locator('#report_phone').fill(phone);
    await page.locator('#report_name').fill('王女士');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'report-zh', true);
    await page.locator('[data-testid=report-submit]').click();
    await page.locator('[data-testid=report-receipt]').waitFor();
    code = (await page.locator('[data-testid=report-tracking]').innerText()).trim();
    expect(code).toMatch(/^[0-9A-Z]{10}$/);
    await screenshot(page, 'report-receipt-zh', true);
    await sms.waitFor(phone, new RegExp(code));

    await page.locator('[data-testid=report-track-link]').click();
    await page.waitForURL(`**/track/${CITY}/${code}`);
    await page.locator('[data-testid=track-case]').waitFor();
    expect(await page.locator('[data-testid=track-case]').innerText()).toContain('振兴里社区居民委员会');
    await context.close();

    const row = handler.page.locator('[data-testid=inbox-table] tr.ant-table-row').filter({ hasText: code });
    await row.waitFor();
    await handler.page.locator('.ant-badge:has([data-testid=notification-bell]) .ant-badge-count').waitFor();
    await settleTable(handler.page, 'inbox-table');
    await screenshot(handler.page, 'inbox-zh');
    await handler.context.close();
  });

  test('the community handler accepts, contacts the resident and replies', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'sq-handler');
    await page.waitForURL('**/cases/inbox');
    await page.locator('[data-testid=notification-bell]').click();
    await page.locator('[data-testid=notifications]').getByText(code).first().waitFor();
    await page.waitForTimeout(500); // the popover's entry animation
    await screenshot(page, 'notifications-zh');
    await page.keyboard.press('Escape');

    await openFromInbox(page, code);
    await waitForStatus(page, 'dispatched');
    expect(await page.locator('[data-testid=case-lead-unit]').innerText()).toBe('振兴里社区居民委员会');
    // the number is masked until asked for, and the reveal is allowed to the lead unit
    expect(await page.locator('[data-testid=reporter-phone]').innerText()).toBe('137****1111');
    await page.locator('[data-testid=reveal-reporter]').click();
    await expect.poll(() => page.locator('[data-testid=reporter-phone]').innerText(), POLL).toBe(phone);

    await act(page, 'accept');
    await waitForStatus(page, 'accepted');
    await act(page, 'contact', (modal) => modal.locator('#action-contact_note').fill('已电话联系王女士，约定今天下午清理'));
    await page.locator('[data-testid=timeline-event][data-type="case.contacted"]').waitFor();
    await act(page, 'start');
    await waitForStatus(page, 'handling');
    await act(page, 'reply', (modal) =>
      modal.locator('#action-reply_text').fill('社区已组织物业清理3号楼楼道堆放的纸箱和旧家具，消防通道已恢复畅通。'),
    );
    await waitForStatus(page, 'replied');
    await screenshot(page, 'case-detail-replied-zh');
    await context.close();
  });

  test('the resident answers the three questions on the SMS link and the case closes', async () => {
    const message = await sms.waitFor(phone, /\/r\//);
    const token = /\/r\/([A-Za-z0-9_-]+)/.exec(message.text)?.[1];
    expect(token).toBeTruthy();
    const { context, page } = await newPage();
    await page.goto(`/r/${token}`);
    const form = page.locator('[data-testid=callback-page]');
    await form.waitFor();
    expect(await page.locator('[data-testid=callback-link-reply]').innerText()).toContain('消防通道已恢复畅通');
    await answer(form, '是否联系', true);
    await answer(form, '是否解决', true);
    await answer(form, '是否满意', true);
    await screenshot(page, 'callback-link-zh');
    await page.locator('[data-testid=callback-link-submit]').click();
    await page.locator('[data-testid=callback-thanks]').waitFor();

    await page.goto(`/track/${CITY}/${code}`);
    await page.locator('[data-testid=track-case] [data-testid=case-status][data-status=closed]').waitFor();
    expect(await page.locator('[data-testid=track-reply]').innerText()).toContain('消防通道已恢复畅通');
    // no names and no phones on the public page
    const publicText = await page.locator('[data-testid=track-case]').innerText();
    expect(publicText).not.toContain('王女士');
    expect(publicText).not.toContain('1111');
    await screenshot(page, 'track-zh');
    // a used link says so
    await page.goto(`/r/${token}`);
    await page.getByText('此链接已使用，或该诉求已不再等待评价').waitFor();
    await context.close();
  });
});

describe('the operator takes a call, the department returns it, the dispatcher re-routes it to the street', () => {
  const phone = '13600002222';
  let code = '';
  let caseId = '';

  test("the operator takes in the call on the map with the category's extra fields", async () => {
    const { context, page } = await newPage();
    await signIn(page, 'operator');
    await page.waitForURL('**/cases/new');
    await page.locator('#intake_phone').fill(phone);
    await page.locator('#intake_name').click(); // the phone's blur looks up the caller's earlier cases
    await page.locator('[data-testid=caller-history]').getByText('无历史诉求').waitFor();
    await page.locator('#intake_name').fill('李先生');
    await page.locator('#intake_text').fill('七一路与八一路交叉口往东一段路灯晚上全都不亮，行人和电动车经过很危险');
    await page.locator('#intake_category').click();
    await page.locator('#intake_category').fill('路灯不亮');
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '路灯不亮' }).first().click();
    await page.locator('.ant-cascader-dropdown:visible').waitFor({ state: 'hidden' });
    await page.locator('#intake_fields_lamp_count').fill('6');
    await page.locator('#intake_fields_lamp_post_number').fill('QY-0231');
    await page.locator('#intake_address').fill('七一路与八一路交叉口东侧');
    await pickDistrictOnMap(page, '川汇区', [0.41, 0.55]);
    await page.waitForTimeout(600); // the map's entry animation
    await screenshot(page, 'intake-zh');
    await page.locator('[data-testid=intake-submit]').click();
    await page.locator('[data-testid=intake-result]').waitFor();
    code = (await page.locator('[data-testid=intake-tracking]').innerText()).trim();
    // 城管 leaves go to the district's 城管 bureau of the place
    expect(await page.locator('[data-testid=intake-unit]').innerText()).toBe('川汇区城市管理局');
    expect(await page.locator('[data-testid=intake-result]').innerText()).toContain('职能部门（城管，区县级）');
    await screenshot(page, 'intake-result-zh');
    await context.close();
  });

  test('the district department returns it with its reason', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'cq-handler');
    await page.waitForURL('**/cases/inbox');
    caseId = await openFromInbox(page, code);
    expect(await page.locator('[data-testid=case-text]').innerText()).toContain('路灯');
    await act(page, 'return', (modal) => modal.locator('#action-return_reason').fill('该路段路灯由永安街道管护，不属于本局职责'));
    await waitForStatus(page, 'returned');
    expect(await page.locator('[data-testid=case-actions]').count()).toBe(0);
    await context.close();
  });

  test('the dispatcher reads the reason and re-routes it to the street office', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'dispatcher');
    await page.waitForURL('**/cases/queue');
    const row = page.locator('[data-testid=returned-table] tr.ant-table-row').filter({ hasText: code });
    await row.locator('[data-testid=return-reason]').getByText('不属于本局职责').waitFor();
    await settleTable(page, 'returned-table');
    await screenshot(page, 'queue-zh');
    await row.locator('[data-testid=queue-arbitrate]').click();
    const modal = page.locator('.ant-modal:visible');
    await modal.getByText('退单理由：该路段路灯由永安街道管护').waitFor();
    await modal.getByText('改派其他单位').click();
    await modal.locator('#action-arbitrate_return_unitId').click();
    await modal.locator('#action-arbitrate_return_unitId').fill('永安街道办事处');
    await pickOption(page, '永安街道办事处');
    await screenshot(page, 'queue-arbitrate-zh');
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await modal.waitFor({ state: 'hidden' });
    await row.waitFor({ state: 'detached' });

    await page.goto(`/cases/${caseId}`);
    await waitForStatus(page, 'dispatched');
    expect(await page.locator('[data-testid=case-lead-unit]').innerText()).toBe('永安街道办事处');
    await page.locator('[data-testid=timeline-event][data-type="case.return_arbitrated"]').getByText('改派其他单位').waitFor();
    await context.close();
  });

  test('the street accepts and asks for an extension; the dispatcher approves it on the dispatch desk', async () => {
    const street = await newPage();
    await signIn(street.page, 'jd-handler');
    await street.page.waitForURL('**/cases/inbox');
    await openFromInbox(street.page, code);
    await act(street.page, 'accept');
    await waitForStatus(street.page, 'accepted');
    await act(street.page, 'request_extension', async (modal) => {
      await modal.locator('#action-request_extension_days').fill('3');
      await modal.locator('#action-request_extension_reason').fill('需更换整段线路，供电公司停电作业须提前报批');
    });
    await street.page.locator('[data-testid=timeline-event][data-type="case.extension_requested"]').waitFor();

    const desk = await newPage();
    await signIn(desk.page, 'dispatcher');
    await desk.page.waitForURL('**/cases/queue');
    await desk.page.locator('[data-testid=extensions-tab]').click();
    const row = desk.page.locator('[data-testid=extensions-table] tr.ant-table-row').filter({ hasText: code });
    await row.getByText('申请延期 3 个工作日').waitFor();
    await screenshot(desk.page, 'queue-extensions-zh');
    await row.getByRole('button', { name: /批准延期/ }).click();
    const modal = desk.page.locator('.ant-modal:visible');
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await row.waitFor({ state: 'detached' });
    await desk.context.close();

    // the street's open page follows the change live
    await street.page.locator('[data-testid=timeline-event][data-type="case.extension_approved"]').waitFor();
    await act(street.page, 'reply', (modal) =>
      modal.locator('#action-reply_text').fill('街道已协调供电公司更换线路，6 盏路灯已全部恢复照明。'),
    );
    await waitForStatus(street.page, 'replied');
    await street.context.close();
  });

  test('the operator calls back, records the three answers, and the case is closed', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'operator');
    await page.waitForURL('**/cases/new');
    await page.locator('[data-testid=nav]').getByText('回访').click();
    await page.waitForURL('**/cases/callbacks');
    const card = page.locator(`[data-testid=callback-card][data-code="${code}"]`);
    await card.waitFor();
    expect(await card.locator('[data-testid=callback-reply]').innerText()).toContain('全部恢复照明');
    await answer(card, '是否联系', true);
    await answer(card, '是否解决', true);
    await answer(card, '是否满意', true);
    await screenshot(page, 'callbacks-zh');
    await card.locator('[data-testid=callback-submit]').click();
    await card.waitFor({ state: 'detached' });

    await page.goto(`/cases/${caseId}`);
    await waitForStatus(page, 'closed');
    const types = await page
      .locator('[data-testid=timeline-event]')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-type')));
    expect(types).toEqual([
      'case.received',
      'case.dispatched',
      'case.returned',
      'case.return_arbitrated',
      'case.accepted',
      'case.extension_requested',
      'case.extension_approved',
      'case.replied',
      'case.callback_recorded',
    ]);
    // the whole history in one picture: a taller window, so the sticky navigation still fills it
    await page.setViewportSize({ width: 1440, height: 1500 });
    await page.waitForTimeout(600);
    await screenshot(page, 'case-detail-closed-zh');
    await page.locator('[data-testid=language-switch]').getByText('English').click();
    await page.locator('[data-testid=timeline-event]').getByText('Return ruled').waitFor();
    await screenshot(page, 'case-detail-closed-en');
    await context.close();
  });
});
