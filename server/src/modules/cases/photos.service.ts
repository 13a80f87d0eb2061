import { createHash } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { isUuid, newId } from '../../lib/ids.ts';
import type { Actor } from '../../lib/policy.ts';
import { canReadCase } from './cases.access.ts';
import * as repo from './cases.repo.ts';
import { attachments } from './cases.schema.ts';

// Photos of a case: uploaded first (POST /api/photos, or the public form), then named by id in the
// intake, which links them to the case. Kept in the database (small images), checked by their bytes.

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const MAX_PHOTOS_PER_CASE = 9;

const SIGNATURES: [type: string, bytes: number[]][] = [
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/webp', [0x52, 0x49, 0x46, 0x46]],
];

/** The image type the bytes really are, whatever the request said. */
export function sniffImage(body: Buffer): string | undefined {
  return SIGNATURES.find(([, sig]) => body.length > sig.length && sig.every((b, i) => body[i] === b))?.[0];
}

/** Stores one uploaded photo, not yet linked to a case; `uploader` is the account, or null for a resident without one. */
export async function uploadPhoto(ctx: Context, cityId: string, uploader: string | null, body: unknown): Promise<{ id: string }> {
  if (!Buffer.isBuffer(body) || body.length === 0)
    throw new AppError(400, 'invalid_photo', 'send the image bytes as image/jpeg, image/png or image/webp');
  if (body.length > MAX_PHOTO_BYTES) throw new AppError(400, 'photo_too_large', `a photo has at most ${MAX_PHOTO_BYTES} bytes`);
  const contentType = sniffImage(body);
  if (!contentType) throw new AppError(400, 'invalid_photo', 'the bytes are not a JPEG, PNG or WebP image');
  const id = newId();
  await ctx.database.db.insert(attachments).values({
    cityId,
    id,
    contentType,
    size: body.length,
    sha256: createHash('sha256').update(body).digest('hex'),
    content: body,
    createdBy: uploader,
    createdAt: ctx.now(),
  });
  return { id };
}

/** Links uploaded photos to a new case inside its transaction; each must exist, be unlinked and be the uploader's. */
export async function linkPhotos(tx: Db, cityId: string, caseId: string, ids: readonly string[], uploader: string | null): Promise<void> {
  if (ids.length === 0) return;
  if (ids.length > MAX_PHOTOS_PER_CASE || !ids.every(isUuid))
    throw new AppError(400, 'invalid_photo', `at most ${MAX_PHOTOS_PER_CASE} photo ids`);
  const owner = uploader === null ? isNull(attachments.createdBy) : eq(attachments.createdBy, uploader);
  const linked = await tx
    .update(attachments)
    .set({ caseId })
    .where(and(eq(attachments.cityId, cityId), inArray(attachments.id, [...ids]), isNull(attachments.caseId), owner))
    .returning({ id: attachments.id });
  if (linked.length !== new Set(ids).size) throw new AppError(400, 'invalid_photo', 'a photo id is unknown, not yours or already used');
}

export async function photoIdsOf(db: Db, cityId: string, caseId: string): Promise<string[]> {
  const rows = await db
    .select({ id: attachments.id })
    .from(attachments)
    .where(and(eq(attachments.cityId, cityId), eq(attachments.caseId, caseId)))
    .orderBy(attachments.id);
  return rows.map((r) => r.id);
}

/** One photo of a case the actor can see. */
export async function readPhoto(ctx: Context, actor: Actor, caseId: string, photoId: string) {
  const { db } = ctx.database;
  const c = isUuid(caseId) && isUuid(photoId) ? await repo.findCase(db, actor.cityId, caseId) : undefined;
  if (!c || !canReadCase(actor, c)) throw notFound('photo');
  const [photo] = await db
    .select({ content: attachments.content, contentType: attachments.contentType })
    .from(attachments)
    .where(and(eq(attachments.cityId, actor.cityId), eq(attachments.id, photoId), eq(attachments.caseId, caseId)));
  if (!photo) throw notFound('photo');
  return photo;
}
