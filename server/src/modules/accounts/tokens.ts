import { createHash, randomBytes } from 'node:crypto';

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export const randomSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Credentials carry their city so lookups stay inside one tenant: `<cityId>.<secret>`. */
export function makeCredential(cityId: string, prefix = ''): { token: string; hash: string } {
  const secret = randomSecret();
  return { token: `${prefix}${cityId}.${secret}`, hash: sha256(secret) };
}

export function parseCredential(token: string, prefix = ''): { cityId: string; hash: string } | undefined {
  if (!token.startsWith(prefix)) return undefined;
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,100})$/.exec(token.slice(prefix.length));
  if (!match) return undefined;
  return { cityId: match[1]!, hash: sha256(match[2]!) };
}

export const API_KEY_PREFIX = 'gzk_';

/** A configured key (such as the demo key) is stored by the hash of the whole string. */
export const hashConfiguredKey = (key: string): string => sha256(`configured:${key}`);
