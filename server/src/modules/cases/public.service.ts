import type { CaseStatus, PublicCaseView } from '@gongzhi/contracts';
import type { z } from 'zod';
import type { publicCaseCreate } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { orgRepo } from '../org/index.ts';
import { applyStep, hashToken } from './actions.service.ts';
import { cityLeaves, cityRefs, cityUnits } from './cases.directory.ts';
import * as repo from './cases.repo.ts';
import { takeIn } from './intake.service.ts';
import { publishChange } from './notify.ts';
import { uploadPhoto } from './photos.service.ts';

// What residents reach without an account: report a problem, follow it by its tracking code,
// answer the callback questions through the link sent by SMS. Nothing here shows a name or a phone.

async function cityOrNotFound(ctx: Context, key: string) {
  const city = await orgRepo.findCityByKey(ctx.database.db, key);
  if (!city) throw notFound('city');
  return city;
}

/** The city and the leaves of its catalogue, for the resident's form. */
export async function publicCity(ctx: Context, key: string) {
  const city = await cityOrNotFound(ctx, key);
  const leaves = [...(await cityLeaves(ctx, city.id)).values()];
  return {
    code: city.code,
    slug: city.slug,
    name: city.name,
    categories: leaves.map((leaf) => ({ code: leaf.code, path: leaf.path, required: leaf.fields.some((f) => f.required) })),
  };
}

export async function publicPhoto(ctx: Context, key: string, body: unknown): Promise<{ id: string }> {
  const city = await cityOrNotFound(ctx, key);
  return uploadPhoto(ctx, city.id, null, body);
}

export async function publicReport(
  ctx: Context,
  key: string,
  input: z.output<typeof publicCaseCreate>,
  idempotencyKey: string | undefined,
): Promise<{ replayed: boolean; trackingCode: string; status: CaseStatus; dueAt: string | null }> {
  const city = await cityOrNotFound(ctx, key);
  const result = await takeIn(
    ctx,
    { cityId: city.id, cityCode: city.code, principal: `public:${input.phone}`, accountId: null, name: null, reporterAccountId: null },
    {
      text: input.text,
      categoryCode: input.categoryCode,
      urgency: 'normal',
      location: input.location,
      address: input.address,
      reporter: { name: input.name, phone: input.phone, anonymous: input.anonymous },
      photos: input.photos,
      channel: 'web',
      route: true,
    },
    idempotencyKey,
    null,
  );
  const c = result.body.case;
  return { replayed: result.replayed, trackingCode: c.trackingCode, status: c.status, dueAt: c.dueAt };
}

const lastReply = (events: repo.CaseEventRow[]): string | null => {
  const reply = [...events].reverse().find((e) => e.type === 'case.replied');
  return reply ? String((reply.data as { text?: string }).text ?? '') : null;
};

const PUBLIC_EVENTS = new Set([
  'case.received',
  'case.dispatched',
  'case.accepted',
  'case.started',
  'case.replied',
  'case.callback_recorded',
]);
const TRACKING = /^[0-9A-Z]{10}$/;

export async function publicTrack(ctx: Context, key: string, trackingCode: string): Promise<PublicCaseView> {
  const city = await cityOrNotFound(ctx, key);
  const code = trackingCode.toUpperCase();
  const c = TRACKING.test(code) ? await repo.findCaseByTrackingCode(ctx.database.db, city.id, code) : undefined;
  if (!c) throw notFound('case');
  const [events, units] = await Promise.all([repo.listEvents(ctx.database.db, city.id, c.id), cityUnits(ctx, city.id)]);
  const category = c.category as { name: string } | null;
  return {
    trackingCode: c.trackingCode,
    status: c.status as PublicCaseView['status'],
    text: c.text,
    category: category?.name ?? null,
    regionName: (c.regions as { name: string }[]).at(-1)?.name ?? null,
    receivedAt: c.receivedAt.toISOString(),
    dueAt: c.dueAt?.toISOString() ?? null,
    handledBy: c.leadUnitId ? (units.byId.get(c.leadUnitId)?.name ?? null) : null,
    reply: lastReply(events),
    timeline: events.filter((e) => PUBLIC_EVENTS.has(e.type)).map((e) => ({ type: e.type, at: e.at.toISOString() })),
    callbackOpen: c.status === 'replied',
  };
}

async function linkOrNotFound(ctx: Context, token: string) {
  const link = /^[A-Za-z0-9_-]{10,64}$/.test(token) ? await repo.findCallbackLink(ctx.database.db, hashToken(token)) : undefined;
  if (!link) throw notFound('callback link');
  const c = await repo.findCase(ctx.database.db, link.cityId, link.caseId);
  if (!c) throw notFound('callback link');
  return { link, c };
}

/** What the resident sees when they open the link: their problem and the unit's reply. */
export async function callbackPage(ctx: Context, token: string) {
  const { link, c } = await linkOrNotFound(ctx, token);
  const events = await repo.listEvents(ctx.database.db, c.cityId, c.id);
  const open = link.usedAt === null && link.expiresAt > ctx.now() && c.status === 'replied';
  const city = await orgRepo.findCity(ctx.database.db, c.cityId);
  return {
    trackingCode: c.trackingCode,
    city: { slug: city?.slug ?? '', name: city?.name ?? '' },
    text: c.text,
    reply: lastReply(events),
    open,
  };
}

/** The resident's own answers; the link works once, before it expires, while the case waits for its callback. */
export async function answerCallback(ctx: Context, token: string, answers: { contacted: boolean; solved: boolean; satisfied: boolean }) {
  const { link, c: found } = await linkOrNotFound(ctx, token);
  const { db } = ctx.database;
  if (link.expiresAt <= ctx.now()) throw new AppError(410, 'link_expired', 'this link has expired; call the hotline');
  const refs = await cityRefs(ctx, found.cityId);
  const next = await db.transaction(async (tx) => {
    if (!(await repo.useCallbackLink(tx, link.tokenHash, ctx.now())))
      throw new AppError(409, 'link_used', 'this link was already answered');
    const c = await repo.findCase(tx, found.cityId, found.id, true);
    if (!c || c.status !== 'replied') throw new AppError(409, 'callback_closed', 'this case no longer waits for your answer');
    return applyStep(
      ctx,
      tx,
      c,
      { type: 'record_callback', ...answers },
      { accountId: null, name: '居民（短信链接）', unitName: null },
      refs,
    );
  });
  publishChange(ctx, next, 'case.record_callback');
  return { trackingCode: next.trackingCode, status: next.status };
}
