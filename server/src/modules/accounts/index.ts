// Accounts: people who sign in, their roles in units, sessions and API keys; login, lockout, password change.
// Tables: accounts, role_assignments, sessions, api_keys. Audits every change and every view of a phone number.
export * from './auth.service.ts';
export * from './accounts.service.ts';
export { hashPassword } from './passwords.ts';
export * as accountsRepo from './accounts.repo.ts';
export { API_KEY_PREFIX, makeCredential } from './tokens.ts';
export { maskPhone } from './accounts.rules.ts';
