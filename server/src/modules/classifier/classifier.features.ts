// Text → hashed character n-grams. Pure and allocation-light: prediction runs it on every intake.
// A character is kept after folding (full-width → ASCII, upper → lower, every digit → '0'); whitespace,
// punctuation and anything outside the Basic Multilingual Plane (emoji) break the n-gram chain.

/** Characters of a text read at most; the rest of a very long message adds nothing to its category. */
export const MAX_TEXT_CHARS = 20_000;

const BOUNDARY = 0;
// Folded code of each UTF-16 unit, 0 = boundary.
const folded = buildFoldTable();

function buildFoldTable(): Uint16Array {
  const table = new Uint16Array(65536);
  for (let code = 0; code < 65536; code++) {
    let c = code;
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0; // full-width ASCII
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c >= 0x30 && c <= 0x39) c = 0x30;
    table[code] = isKept(c) ? c : BOUNDARY;
  }
  return table;
}

function isKept(c: number): boolean {
  if (c >= 0xd800 && c <= 0xdfff) return false; // surrogates: emoji and rare ideographs
  const ch = String.fromCharCode(c);
  return /[\p{L}\p{N}]/u.test(ch);
}

/** Whether the text holds at least one character the model reads (a letter, ideograph or digit). */
export function hasReadableText(text: string): boolean {
  const end = Math.min(text.length, MAX_TEXT_CHARS);
  for (let i = 0; i < end; i++) if (folded[text.charCodeAt(i)] !== BOUNDARY) return true;
  return false;
}

const SEEDS = [0, 0x811c9dc5, 0x9e3779b1, 0x85ebca6b, 0xc2b2ae35, 0x27d4eb2f];
const PRIME = 0x01000193;

/** Room for the grams of any text: `gramBuffer(maxN - minN + 1)` fits every call of `writeGrams`. */
export function gramBuffer(gramLengths: number): Uint32Array {
  return new Uint32Array(MAX_TEXT_CHARS * gramLengths);
}

/**
 * Writes the hash of every n-gram of `minN..maxN` characters of the text (one per occurrence) into `out`
 * and returns how many it wrote. The hash of an n-gram is FNV-1a over its folded characters, seeded by n,
 * so grams of different lengths do not share hashes by construction.
 */
export function writeGrams(text: string, minN: number, maxN: number, out: Uint32Array): number {
  const end = Math.min(text.length, MAX_TEXT_CHARS);
  let written = 0;
  // The last three folded characters (c0 newest) and how many of them follow the last boundary.
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let c3 = 0;
  let c4 = 0;
  let run = 0;
  for (let i = 0; i < end; i++) {
    const c = folded[text.charCodeAt(i)];
    if (c === BOUNDARY) {
      run = 0;
      continue;
    }
    c4 = c3;
    c3 = c2;
    c2 = c1;
    c1 = c0;
    c0 = c;
    if (run < 5) run++;
    const top = run < maxN ? run : maxN;
    for (let n = minN; n <= top; n++) {
      // Oldest character first, so a gram's hash does not depend on where it was read.
      let h = SEEDS[n];
      if (n >= 5) h = Math.imul(h ^ c4, PRIME);
      if (n >= 4) h = Math.imul(h ^ c3, PRIME);
      if (n >= 3) h = Math.imul(h ^ c2, PRIME);
      if (n >= 2) h = Math.imul(h ^ c1, PRIME);
      out[written++] = Math.imul(h ^ c0, PRIME) >>> 0;
    }
  }
  return written;
}

/** The n-gram lengths `writeGrams` supports. */
export const MAX_GRAM_LENGTH = 5;
