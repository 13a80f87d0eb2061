import { deflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { Client, errorCode, testApp } from '../../../test/harness.ts';
import { PLACES, createCaseAs, hotlineCase, makeCaseCity, type CaseCity } from '../../../test/cases-harness.ts';

let city: CaseCity;
let anonymous: Client;
beforeAll(async () => {
  const { app, ctx } = await testApp();
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
});
