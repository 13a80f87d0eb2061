// Audit: the append-only, hash-chained record of every change and every view of personal data.
// Tables: audit_log, audit_heads. Other modules call appendAudit inside their own transaction.
export { appendAudit, verifyAuditChain, verifyAllChains, listAuditEntries } from './audit.service.ts';
export type { AuditEntry, ChainReport } from './audit.service.ts';
