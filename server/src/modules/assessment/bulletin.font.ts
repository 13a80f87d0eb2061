import fs from 'node:fs';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';

// The bulletin's font: Noto Sans SC, the simplified-Chinese subset shipped by @fontsource/noto-sans-sc
// (SIL Open Font License 1.1) as WOFF. pdfkit subsets a plain OpenType font in milliseconds but a WOFF one
// in seconds, so the WOFF is unpacked once into OpenType (its tables inflated, the directory rewritten).

const require = createRequire(import.meta.url);
const WOFF = require.resolve('@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff');

/** A WOFF 1.0 file as the OpenType (sfnt) font it wraps. */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 font');
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const [offset, compressed, original] = [woff.readUInt32BE(at + 4), woff.readUInt32BE(at + 8), woff.readUInt32BE(at + 12)];
    const raw = woff.subarray(offset, offset + compressed);
    return { tag: woff.readUInt32BE(at), checksum: woff.readUInt32BE(at + 16), data: compressed < original ? zlib.inflateSync(raw) : raw };
  });
  const searchRange = 2 ** Math.floor(Math.log2(numTables));
  const header = Buffer.alloc(12 + numTables * 16);
  header.writeUInt32BE(woff.readUInt32BE(4), 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(searchRange * 16, 6);
  header.writeUInt16BE(Math.log2(searchRange), 8);
  header.writeUInt16BE((numTables - searchRange) * 16, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((table, i) => {
    const at = 12 + i * 16;
    header.writeUInt32BE(table.tag, at);
    header.writeUInt32BE(table.checksum, at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(table.data.length, at + 12);
    const padded = Buffer.alloc((table.data.length + 3) & ~3);
    table.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}

let font: Buffer | undefined;

/** The unpacked font, made on first use (about 0.2 s, 2.5 MB kept in memory). */
export function bulletinFont(): Buffer {
  font ??= woffToSfnt(fs.readFileSync(WOFF));
  return font;
}
