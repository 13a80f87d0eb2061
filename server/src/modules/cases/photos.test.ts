import { deflateSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../context.ts';
import { queryRows } from '../../db/database.ts';
import { Client, errorCode, testApp } from '../../../test/harness.ts';
import { MAX_PHOTO_BYTES } from './photos.service.ts';
import { PLACES, createCaseAs, hotlineCase, makeCaseCity, type CaseCity } from '../../../test/cases-harness.ts';

let city: CaseCity;
let anonymous: Client;
let ctx: Context;
beforeAll(async () => {
  const started = await testApp();
  ctx = started.ctx;
  const { app } = started;
  city = await makeCaseCity(app, ctx);
  anonymous = new Client(app);
});

/** A real 2×2 PNG (signature, IHDR, IDAT, IEND with their CRCs). */
function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0]);
  const pixels = deflateSync(Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const upload = (client: Client, url: string, body: Buffer, type = 'image/png') =>
  client.request('POST', url, body, { 'content-type': type });

describe('photos', () => {
  it('a grid worker uploads photos and reports with them; those who see the case see the photos', async () => {
    const image = png();
    const first = await upload(city.gridWorker, '/api/photos', image);
    expect(first.statusCode, first.body).toBe(201);
    const { id } = first.json<{ id: string }>();
    const { case: c } = await createCaseAs(city.gridWorker, hotlineCase({ text: '网格员上报：路面塌陷有照片', photos: [id] }));
    expect(c.photos).toEqual([id]);
    const photo = await city.s1Handler.get(`/api/cases/${c.id}/photos/${id}`);
    expect([photo.statusCode, photo.headers['content-type']]).toEqual([200, 'image/png']);
    expect(photo.rawPayload.equals(image)).toBe(true);
    expect((await city.s2Handler.get(`/api/cases/${c.id}/photos/${id}`)).statusCode).toBe(404);
    const reused = await city.gridWorker.post('/api/cases', hotlineCase({ text: '再次使用同一张照片', photos: [id] }));
    expect([reused.statusCode, errorCode(reused)]).toEqual([400, 'invalid_photo']);
  });

  it('refuses bytes that are not an image, whatever the content type says, and photos of someone else', async () => {
    const fake = await upload(city.gridWorker, '/api/photos', Buffer.from('<script>alert(1)</script>'));
    expect([fake.statusCode, errorCode(fake)]).toEqual([400, 'invalid_photo']);
    const theirs = (await upload(city.operator, '/api/photos', png())).json<{ id: string }>().id;
    const taken = await city.gridWorker.post('/api/cases', hotlineCase({ text: '用别人上传的照片', photos: [theirs] }));
    expect(errorCode(taken)).toBe('invalid_photo');
    expect((await upload(city.leader, '/api/photos', png())).statusCode).toBe(403);
  });

  it('a resident without an account attaches photos to a report', async () => {
    const { id } = (await upload(anonymous, `/api/public/${city.slug}/photos`, png())).json<{ id: string }>();
    const report = await anonymous.post(`/api/public/${city.slug}/cases`, {
      text: '小区门口的井盖坏了，很危险',
      location: PLACES.G2,
      phone: '13600001234',
      photos: [id],
    });
    expect(report.statusCode, report.body).toBe(201);
  });

  describe('hostile uploads', () => {
    const stored = async () =>
      Number(
        (await queryRows<{ n: number }>(ctx.database.db, sql`SELECT count(*)::int AS n FROM attachments WHERE city_id = ${city.id}`))[0]!.n,
      );

    it('refuses an oversize photo and a body over the limit, storing nothing', async () => {
      const before = await stored();
      const huge = Buffer.concat([png(), Buffer.alloc(MAX_PHOTO_BYTES)]);
      const response = await upload(city.gridWorker, '/api/photos', huge);
      expect(response.statusCode).toBe(413);
      expect(errorCode(response)).toBe('body_too_large');
      expect(await stored()).toBe(before);
    });

    it('serves an image with HTML inside only as the image it claims to be, never sniffed as a page', async () => {
      const polyglot = Buffer.concat([png(), Buffer.from('<html><script>alert(1)</script></html>')]);
      const { id } = (await upload(city.gridWorker, '/api/photos', polyglot)).json<{ id: string }>();
      const created = await createCaseAs(city.gridWorker, hotlineCase({ text: '带图的上报：路面塌陷', photos: [id] }));
      const photo = await city.gridWorker.get(`/api/cases/${created.case.id}/photos/${id}`);
      expect(photo.statusCode).toBe(200);
      expect(photo.headers['content-type']).toBe('image/png');
      expect(photo.headers['x-content-type-options']).toBe('nosniff');
    });

    it('answers traversal in a photo id with no file: a plain ../ leaves the API (the page), an encoded one is refused', async () => {
      const created = await createCaseAs(city.operator, hotlineCase({ text: '路径穿越测试' }));
      for (const name of ['../../../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', 'C:\\windows\\win.ini']) {
        const response = await city.operator.get(`/api/cases/${created.case.id}/photos/${name}`);
        if (name.startsWith('../')) expect(response.headers['content-type']).toContain('text/html');
        else expect([400, 404], `${name} → ${response.statusCode}`).toContain(response.statusCode);
        expect(response.body).not.toContain('root:');
      }
    });

    it('does not inflate a compressed bomb: a gzip body is refused as it is, quickly', async () => {
      const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
      expect(bomb.length).toBeLessThan(256 * 1024);
      const started = performance.now();
      const response = await city.operator.request('POST', '/api/cases', bomb, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      });
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(performance.now() - started).toBeLessThan(5_000);
    });
  });
});
