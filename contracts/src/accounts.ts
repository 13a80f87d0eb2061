import { z } from 'zod';
import { regionLevel, unitKind } from './org.ts';
import { roles } from './vocabulary.ts';

export const role = z.enum(roles);

export const username = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, 'a username is 2-40 lowercase letters, digits, dots, dashes or underscores');
export const password = z.string().min(10, 'a password has at least 10 characters').max(200);
export const phone = z.string().regex(/^\+?[0-9-]{5,20}$/, 'a phone number has 5-20 digits');

export const loginRequest = z.strictObject({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
  city: z.string().min(1).max(50).optional().describe('city slug or code; needed only when the username exists in several cities'),
});

export const passwordChange = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: password });

export const roleGrantView = z.object({
  id: z.string(),
  role,
  unit: z.object({ id: z.string(), name: z.string(), kind: unitKind }),
  region: z.object({ id: z.string(), code: z.string(), name: z.string(), level: regionLevel }),
});

export const me = z.object({
  account: z.object({ id: z.string(), username: z.string(), displayName: z.string(), phone: z.string().nullable() }),
  city: z.object({ id: z.string(), code: z.string(), slug: z.string(), name: z.string() }),
  roles: z.array(roleGrantView),
  abilities: z.array(z.string()),
});
export type Me = z.infer<typeof me>;

export const accountView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  roles: z.array(z.object({ id: z.string(), role, unit: z.object({ id: z.string(), name: z.string() }) })),
});
export type AccountView = z.infer<typeof accountView>;

export const accountCreate = z.strictObject({
  username,
  displayName: z.string().trim().min(1).max(100),
  phone: phone.nullish(),
  password,
});

export const accountUpdate = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(),
  phone: phone.nullish(),
  disabled: z.boolean().optional(),
  password: password.optional(),
});

export const roleGrantCreate = z.strictObject({ role, unitId: z.uuid() });

export const apiKeyCreate = z.strictObject({ name: z.string().trim().min(1).max(100) });
