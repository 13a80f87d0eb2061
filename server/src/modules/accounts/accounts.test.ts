import { beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  errorCode,
  loginAs,
  makeAccount,
  makeCity,
  TEST_PASSWORD,
  testApp,
  testConfig,
  type TestCity,
} from '../../../test/harness.ts';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';

let app: FastifyInstance;
let ctx: Context;
let city: TestCity;

beforeAll(async () => {
  ({ app, ctx } = await testApp());
  city = await makeCity(ctx);
  await makeAccount(ctx, city, 'acc-admin', [['admin', 'cityGov']]);
  await makeAccount(ctx, city, 'acc-street', [
    ['leader', 's1Office'],
    ['secretary', 's1Office'],
  ]);
});

describe('login and sessions', () => {
  it('signs in, sets an httpOnly session cookie and a CSRF cookie, and answers /api/me', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'acc-street', password: TEST_PASSWORD, city: city.slug },
    });
    expect(response.statusCode).toBe(200);
    const session = response.cookies.find((c) => c.name === 'gz_session')!;
    expect(session.httpOnly).toBe(true);
    expect(response.cookies.find((c) => c.name === 'gz_csrf')!.httpOnly).toBeFalsy();
    const client = new Client(app, Object.fromEntries(response.cookies.map((c) => [c.name, c.value])));
    const me = (await client.get('/api/me')).json();
    expect(me.account.username).toBe('acc-street');
    expect(me.city.code).toBe(city.code);
    expect(me.roles.map((r: { role: string }) => r.role).sort()).toEqual(['leader', 'secretary']);
    expect(me.roles[0].region.code).toBe(city.regions.S1!.code);
    expect(me.abilities).toEqual([
      'account.read',
      'case.read',
      'hotspot.manage',
      'region.read',
      'theme.manage',
      'unit.read',
      'whistle.blow',
    ]);
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'acc-street', password: 'nope-nope-nope' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody-here', password: 'nope-nope-nope' },
    });
    expect([wrong.statusCode, errorCode(wrong)]).toEqual([401, 'invalid_credentials']);
    expect([unknown.statusCode, errorCode(unknown)]).toEqual([401, 'invalid_credentials']);
  });

  it('locks an account after repeated failures, even for the right password, and audits the failures', async () => {
    await makeAccount(ctx, city, 'acc-lock', [['handler', 'cityDept']]);
    for (let i = 0; i < testConfig.loginMaxFailures; i++) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'acc-lock', password: 'wrong-password-x' },
      });
      expect(r.statusCode).toBe(401);
    }
    const locked = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'acc-lock', password: TEST_PASSWORD } });
    expect([locked.statusCode, errorCode(locked)]).toEqual([423, 'account_locked']);
    const admin = await loginAs(app, 'acc-admin', city.slug);
    const audit = (await admin.get('/api/audit?entityType=account')).json();
    expect(audit.items.filter((e: { action: string }) => e.action === 'auth.login_failed').length).toBeGreaterThanOrEqual(
      testConfig.loginMaxFailures,
    );
    // An administrator resetting the password lifts the lock.
    const accounts = (await admin.get('/api/accounts?q=acc-lock')).json();
    const reset = await admin.patch(`/api/accounts/${accounts.items[0].id}`, { password: 'a-new-password-1' });
    expect(reset.statusCode).toBe(200);
    await loginAs(app, 'acc-lock', city.slug, 'a-new-password-1');
  });

  it('asks for the city when a username exists in two cities', async () => {
    const other = await makeCity(ctx, '第二市');
    await makeAccount(ctx, other, 'acc-admin', [['admin', 'cityGov']]);
    const ambiguous = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'acc-admin', password: TEST_PASSWORD },
    });
    expect([ambiguous.statusCode, errorCode(ambiguous)]).toEqual([400, 'city_required']);
    const second = await loginAs(app, 'acc-admin', other.code);
    expect((await second.get('/api/me')).json().city.code).toBe(other.code);
  });

  it('logs out: the session no longer works', async () => {
    const client = await loginAs(app, 'acc-street', city.slug);
    expect((await client.post('/api/auth/logout')).statusCode).toBe(204);
    const after = await client.get('/api/me');
    expect([after.statusCode, errorCode(after)]).toEqual([401, 'session_expired']);
    // Logging out again with the dead cookie still clears it.
    expect((await client.post('/api/auth/logout')).statusCode).toBe(204);
  });

  it('needs a session for /api/me', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/me' });
    expect([r.statusCode, errorCode(r)]).toEqual([401, 'unauthenticated']);
  });

  it('refuses an unsafe request without the CSRF token', async () => {
    const client = await loginAs(app, 'acc-admin', city.slug);
    const r = await client.request(
      'POST',
      '/api/units',
      { name: 'x', kind: 'department', regionCode: city.code },
      { 'x-csrf-token': 'forged' },
    );
    expect([r.statusCode, errorCode(r)]).toEqual([403, 'csrf_failed']);
  });

  it('changes the password: the current one must be right, the old one stops working, other sessions end', async () => {
    await makeAccount(ctx, city, 'acc-pw', [['handler', 'cityDept']]);
    const first = await loginAs(app, 'acc-pw', city.slug);
    const second = await loginAs(app, 'acc-pw', city.slug);
    const wrong = await first.post('/api/auth/password', { currentPassword: 'not-it-at-all', newPassword: 'brand-new-pass-1' });
    expect([wrong.statusCode, errorCode(wrong)]).toEqual([400, 'wrong_password']);
    const weak = await first.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect([weak.statusCode, errorCode(weak)]).toEqual([400, 'validation_failed']);
    expect((await first.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'brand-new-pass-1' })).statusCode).toBe(
      204,
    );
    expect((await first.get('/api/me')).statusCode).toBe(200);
    expect((await second.get('/api/me')).statusCode).toBe(401);
    await expect(loginAs(app, 'acc-pw', city.slug)).rejects.toThrow(/401/);
    await loginAs(app, 'acc-pw', city.slug, 'brand-new-pass-1');
  });

  it('a disabled account cannot sign in', async () => {
    const admin = await loginAs(app, 'acc-admin', city.slug);
    const created = (
      await admin.post('/api/accounts', { username: 'acc-gone', displayName: '离职人员', password: 'some-password-1' })
    ).json();
    expect((await admin.patch(`/api/accounts/${created.id}`, { disabled: true })).json().disabled).toBe(true);
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'acc-gone', password: 'some-password-1' } });
    expect(r.statusCode).toBe(401);
  });
});

describe('API keys', () => {
  it('creates a key shown once, authenticates with it without CSRF, and revokes it', async () => {
    const admin = await loginAs(app, 'acc-admin', city.slug);
    const created = await admin.post('/api/api-keys', { name: '集成测试' });
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json();
    expect(key).toMatch(/^gzk_/);
    const viaHeader = await app.inject({ method: 'GET', url: '/api/me', headers: { 'x-api-key': key } });
    expect(viaHeader.json().account.username).toBe('acc-admin');
    const viaBearer = await app.inject({
      method: 'POST',
      url: '/api/units',
      headers: { authorization: `Bearer ${key}` },
      payload: { name: '接口创建的单位', kind: 'department', regionCode: city.code },
    });
    expect(viaBearer.statusCode).toBe(201);
    const listed = (await admin.get('/api/api-keys')).json();
    expect(JSON.stringify(listed)).not.toContain(key);
    expect((await admin.delete(`/api/api-keys/${id}`)).statusCode).toBe(204);
    const revoked = await app.inject({ method: 'GET', url: '/api/me', headers: { 'x-api-key': key } });
    expect([revoked.statusCode, errorCode(revoked)]).toEqual([401, 'invalid_api_key']);
  });
});

describe('accounts administration', () => {
  it('creates an account, grants and revokes a role, refuses a duplicate username', async () => {
    const admin = await loginAs(app, 'acc-admin', city.slug);
    const created = await admin.post('/api/accounts', {
      username: 'acc-new',
      displayName: '新同事',
      phone: '13912345678',
      password: 'new-password-1',
    });
    expect(created.statusCode).toBe(201);
    const account = created.json();
    expect(account.phone).toBe('13912345678');
    const dup = await admin.post('/api/accounts', { username: 'acc-new', displayName: '重名', password: 'new-password-1' });
    expect([dup.statusCode, errorCode(dup)]).toEqual([409, 'username_taken']);
    const granted = await admin.post(`/api/accounts/${account.id}/roles`, { role: 'handler', unitId: city.units.k1Committee });
    expect(granted.statusCode).toBe(201);
    const grant = granted.json().roles[0];
    expect(grant.role).toBe('handler');
    const again = await admin.post(`/api/accounts/${account.id}/roles`, { role: 'handler', unitId: city.units.k1Committee });
    expect([again.statusCode, errorCode(again)]).toEqual([409, 'role_exists']);
    expect((await admin.delete(`/api/accounts/${account.id}/roles/${grant.id}`)).statusCode).toBe(204);
    const me = await loginAs(app, 'acc-new', city.slug, 'new-password-1');
    expect((await me.get('/api/me')).json().roles).toEqual([]);
  });

  it('masks phone numbers for those who only read accounts, and audits every unmasked view', async () => {
    await makeAccount(ctx, city, 'acc-k1', [['handler', 'k1Committee']], '13700001234');
    const leader = await loginAs(app, 'acc-street', city.slug);
    const seen = (await leader.get('/api/accounts?q=acc-k1')).json();
    expect(seen.items[0].phone).toBe('137****1234');
    const admin = await loginAs(app, 'acc-admin', city.slug);
    const full = (await admin.get('/api/accounts?q=acc-k1')).json();
    expect(full.items[0].phone).toBe('13700001234');
    const audit = (await admin.get('/api/audit?entityType=account')).json();
    const views = audit.items.filter(
      (e: { action: string; detail: { accountIds?: string[] } }) =>
        e.action === 'account.view_personal' && e.detail.accountIds?.includes(full.items[0].id),
    );
    expect(views.length).toBeGreaterThanOrEqual(1);
  });
});
