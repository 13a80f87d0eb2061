import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id` of @node-rs/argon2 (a const enum, which isolated modules cannot read). */
const ARGON2ID = 2;

export interface Argon2Cost {
  memoryCost: number;
  timeCost: number;
}

/** argon2id, cost from the configuration (OWASP's minimum by default: 19 MiB, 2 passes). */
export function hashPassword(password: string, cost: Argon2Cost): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: cost.memoryCost, timeCost: cost.timeCost, parallelism: 1 });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the same work as a real check, so an unknown username is not faster to reject than a wrong password. */
export async function burnPasswordCheck(password: string, cost: Argon2Cost): Promise<void> {
  dummyHash ??= hashPassword('gongzhi-dummy-password', cost);
  await verifyPassword(await dummyHash, password);
}
