// A flagged caller (12345 恶意来电) at the hotline intake, in Chromium: the operator types a number that
// dispatchers marked three times, and the form shows the flag beside the caller's earlier cases (zh, en).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { POLL, openPage, signIn } from './flows.ts';
import { launchBrowser, screenshot, startServer } from './harness.ts';
import type { RunningServer } from './harness.ts';

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

const PHONE = '13966668888';

/** POSTs as the signed-in user (the page's cookies, its CSRF token). */
async function postJson<T>(page: Page, path: string, body: unknown): Promise<T> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'gz_csrf')?.value ?? '';
  const response = await page.request.post(path, { data: body, headers: { 'x-csrf-token': csrf } });
  expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300);
  return (await response.json()) as T;
}

describe('a flagged caller at the hotline intake', () => {
  test('the intake form shows the flag beside the caller’s earlier cases, in Chinese and in English', async () => {
    const { context, page } = await openPage(browser, server.baseUrl);
    await signIn(page, 'operator');
    await page.waitForURL('**/cases/new');
    // Three calls from the number, each marked by the operator: the third mark flags it.
    for (const text of [
      '打电话辱骂话务员，反映的问题不存在',
      '再次来电辱骂，称路灯坏了，核实无此事',
      '第三次来电骚扰，反映内容与前两次矛盾',
    ]) {
      const created = await postJson<{ case: { id: string } }>(page, '/api/cases', {
        text,
        address: '川汇区人民路',
        reporter: { phone: PHONE, name: '某先生', anonymous: false },
      });
      await postJson(page, `/api/cases/${created.case.id}/malicious`, { reason: 'harassment', note: '多次辱骂话务员' });
    }

    await page.locator('#intake_phone').fill(PHONE);
    await page.locator('#intake_text').click();
    const flag = page.locator('[data-testid=caller-flag]');
    await flag.waitFor();
    expect(await flag.innerText()).toContain('多次被标记为恶意来电');
    await expect.poll(() => page.locator('[data-testid=caller-history] .ant-list-item').count(), POLL).toBe(3);
    await page.locator('[data-testid=caller-history]').scrollIntoViewIfNeeded();
    await screenshot(page, 'intake-flagged-caller-zh');

    await page.locator('[data-testid=language-switch]').getByText('English').click();
    await page.getByRole('heading', { name: 'Hotline intake' }).waitFor();
    await expect.poll(() => flag.innerText(), POLL).toContain('Marked as a malicious caller several times');
    expect(await flag.innerText()).not.toContain(PHONE.slice(3, 7));
    await page.locator('[data-testid=caller-history]').scrollIntoViewIfNeeded();
    await screenshot(page, 'intake-flagged-caller-en');

    // A case taken in from the number is still taken in, and records the flag for whoever calls back.
    const next = await postJson<{ case: { id: string; callerFlag: { reason: string } | null } }>(page, '/api/cases', {
      text: '第四次来电，称小区噪音扰民',
      address: '川汇区人民路',
      reporter: { phone: PHONE, anonymous: false },
    });
    expect(next.case.callerFlag?.reason).toBe('marks');
    await page.goto(`/cases/${next.case.id}`);
    await expect.poll(() => page.locator('[data-testid=case-caller-flag]').innerText(), POLL).toContain('Flagged caller');
    await context.close();
  });
});
