// Duplicate detection at intake (重复件): open cases nearby, of the same category, recent, with
// similar text are offered for merging. Pure: the repo supplies the recent open cases.

/** Character bigrams of a text, punctuation and spaces dropped (works for Chinese without a segmenter). */
export function bigrams(text: string): Set<string> {
  const chars = [...text.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '')];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  if (chars.length === 1) grams.add(chars[0]!);
  return grams;
}

/** Dice coefficient of two bigram sets: 1 identical, 0 nothing shared. */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** Metres between two points (haversine; GCJ-02 offsets cancel over such distances). */
export function distanceMetres(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

export interface DuplicateCandidate {
  id: string;
  text: string;
  lng: number | null;
  lat: number | null;
  regionPath: string;
}

export interface DuplicateQuery {
  text: string;
  location: { lng: number; lat: number } | null;
  regionPath: string;
}

export const DUPLICATE_RADIUS_METRES = 300;
export const DUPLICATE_MIN_SIMILARITY = 0.3;

/**
 * The candidates that look like the same problem, most similar first: within the radius (or, for
 * cases without a point, in the same region), with text similarity at or above the threshold.
 */
export function findDuplicates<C extends DuplicateCandidate>(query: DuplicateQuery, candidates: readonly C[], max = 5): C[] {
  const grams = bigrams(query.text);
  const scored: { candidate: C; score: number }[] = [];
  for (const candidate of candidates) {
    const near =
      query.location && candidate.lng !== null && candidate.lat !== null
        ? distanceMetres(query.location, { lng: candidate.lng, lat: candidate.lat }) <= DUPLICATE_RADIUS_METRES
        : candidate.regionPath === query.regionPath;
    if (!near) continue;
    const score = similarity(grams, bigrams(candidate.text));
    if (score >= DUPLICATE_MIN_SIMILARITY) scored.push({ candidate, score });
  }
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, max)
    .map((s) => s.candidate);
}
