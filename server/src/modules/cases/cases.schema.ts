import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { CaseChannel, CaseStatus, CaseUrgency, DeadlineTier } from '@gongzhi/contracts';
import { cities } from '../org/org.schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/** One resident's problem (诉求) from intake to close. Its history is `case_events`; this row is the current state. */
export const cases = pgTable(
  'cases',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    id: uuid('id').notNull(),
    trackingCode: text('tracking_code').notNull(),
    channel: text('channel').$type<CaseChannel>().notNull(),
    status: text('status').$type<CaseStatus>().notNull(),
    urgency: text('urgency').$type<CaseUrgency>().notNull(),
    text: text('text').notNull(),
    address: text('address'),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    // The deepest located region's path ('411600/411602/…/'); the city root when only an address is known.
    regionPath: text('region_path').notNull(),
    regions: jsonb('regions').notNull().default([]),
    categoryCode: text('category_code'),
    // The leaf as it was at intake (name, path, tier, handler): catalogue edits never rewrite a case.
    category: jsonb('category'),
    deadlineTier: text('deadline_tier').$type<DeadlineTier>().notNull(),
    fields: jsonb('fields').notNull().default({}),
    reporterName: text('reporter_name'),
    reporterPhone: text('reporter_phone'),
    anonymous: boolean('anonymous').notNull().default(false),
    // The caller's number was flagged (恶意来电, 重复来电) when the case was taken in: the flag as it was then.
    callerFlag: jsonb('caller_flag').$type<{ id: string; reason: 'marks' | 'repeated_cases'; since: string }>(),
    reporterAccountId: uuid('reporter_account_id'),
    createdBy: uuid('created_by'),
    leadUnitId: uuid('lead_unit_id'),
    coHandlerUnitIds: uuid('co_handler_unit_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    routeRuleId: text('route_rule_id'),
    routeReason: text('route_reason'),
    needsDispatcher: boolean('needs_dispatcher').notNull(),
    mustHandle: boolean('must_handle').notNull().default(false),
    reopenCount: smallint('reopen_count').notNull().default(0),
    escalationLevel: smallint('escalation_level').notNull().default(0),
    pendingExtension: jsonb('pending_extension'),
    pendingReturn: jsonb('pending_return'),
    mergedInto: uuid('merged_into'),
    supporters: integer('supporters').notNull().default(0),
    callback: jsonb('callback'),
    receivedAt: ts('received_at').notNull(),
    dispatchedAt: ts('dispatched_at'),
    firstContactDueAt: ts('first_contact_due_at'),
    firstContactAt: ts('first_contact_at'),
    dueAt: ts('due_at'),
    dueSoonAt: ts('due_soon_at'),
    // Set by the deadline sweep when the warning went out / the case went overdue.
    dueSoonWarnedAt: ts('due_soon_warned_at'),
    overdueAt: ts('overdue_at'),
    firstContactOverdueAt: ts('first_contact_overdue_at'),
    suspendedAt: ts('suspended_at'),
    repliedAt: ts('replied_at'),
    closedAt: ts('closed_at'),
    // When the deadline sweep must next look at this case; null when no clock runs.
    nextCheckAt: ts('next_check_at'),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    unique('cases_city_tracking_key').on(t.cityId, t.trackingCode),
    index('cases_inbox_idx')
      .on(t.cityId, t.leadUnitId, t.dueAt, t.id)
      .where(sql`status IN ('dispatched', 'accepted', 'handling', 'suspended')`),
    index('cases_cohandlers_idx')
      .using('gin', t.coHandlerUnitIds)
      .where(sql`status IN ('dispatched', 'accepted', 'handling', 'suspended')`),
    index('cases_queue_idx')
      .on(t.cityId, t.receivedAt)
      .where(sql`needs_dispatcher`),
    index('cases_callbacks_idx')
      .on(t.cityId, t.repliedAt)
      .where(sql`status = 'replied'`),
    index('cases_received_idx').on(t.cityId, t.receivedAt.desc(), t.id.desc()),
    index('cases_region_idx').using('btree', t.cityId, sql`${t.regionPath} text_pattern_ops`, t.receivedAt),
    index('cases_phone_idx')
      .on(t.cityId, t.reporterPhone, t.receivedAt)
      .where(sql`reporter_phone IS NOT NULL`),
    index('cases_reporter_idx')
      .on(t.cityId, t.reporterAccountId, t.receivedAt)
      .where(sql`reporter_account_id IS NOT NULL`),
    // Duplicates at intake: same category, a band of latitude around the point, open.
    index('cases_duplicates_idx')
      .on(t.cityId, t.categoryCode, t.lat)
      .where(sql`status NOT IN ('replied', 'closed', 'withdrawn', 'merged')`),
    // The assessment reads the cases changed since its last look (assessment_facts).
    index('cases_updated_idx').on(t.cityId, t.updatedAt),
    index('cases_next_check_idx')
      .on(t.nextCheckAt)
      .where(sql`next_check_at IS NOT NULL`),
  ],
);

/** The timeline: every step of every case, append-only (a trigger refuses UPDATE and DELETE). */
export const caseEvents = pgTable(
  'case_events',
  {
    cityId: uuid('city_id').notNull(),
    caseId: uuid('case_id').notNull(),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    at: ts('at').notNull(),
    actorAccountId: uuid('actor_account_id'),
    actorName: text('actor_name'),
    actorUnitName: text('actor_unit_name'),
    data: jsonb('data').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.caseId, t.seq] }),
    foreignKey({ columns: [t.cityId, t.caseId], foreignColumns: [cases.cityId, cases.id], name: 'case_events_case_fk' }),
    // The assessment's return rate: returns by the time they happened.
    index('case_events_returns_idx')
      .on(t.cityId, t.at)
      .where(sql`type = 'case.returned'`),
    // Open311's updates feed: every step in a time window. Events are appended in time order, so a block range index is tiny and cheap to keep.
    index('case_events_at_brin').using('brin', t.at),
  ],
);

/** A create request's key, so that a retried submit answers the first case instead of making a second. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    cityId: uuid('city_id').notNull(),
    principal: text('principal').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    caseId: uuid('case_id').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.principal, t.key] })],
);

/** The in-app inbox: a message to a unit (all its members) or to one account. */
export const notifications = pgTable(
  'notifications',
  {
    cityId: uuid('city_id').notNull(),
    id: uuid('id').notNull(),
    unitId: uuid('unit_id'),
    accountId: uuid('account_id'),
    caseId: uuid('case_id'),
    whistleId: uuid('whistle_id'),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    createdAt: ts('created_at').notNull(),
    readAt: ts('read_at'),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    index('notifications_unit_idx')
      .on(t.cityId, t.unitId, t.createdAt)
      .where(sql`unit_id IS NOT NULL`),
    index('notifications_account_idx')
      .on(t.cityId, t.accountId, t.createdAt)
      .where(sql`account_id IS NOT NULL`),
  ],
);

/** Text messages waiting for the gateway: written with the change that causes them, sent after commit. */
export const smsOutbox = pgTable(
  'sms_outbox',
  {
    cityId: uuid('city_id').notNull(),
    id: uuid('id').notNull(),
    phone: text('phone').notNull(),
    text: text('text').notNull(),
    caseId: uuid('case_id'),
    createdAt: ts('created_at').notNull(),
    sentAt: ts('sent_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    index('sms_outbox_pending_idx')
      .on(t.createdAt)
      .where(sql`sent_at IS NULL`),
  ],
);

/** A callback link sent by SMS: the resident answers the three questions without an account. */
export const callbackLinks = pgTable(
  'callback_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    cityId: uuid('city_id').notNull(),
    caseId: uuid('case_id').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('callback_links_case_idx').on(t.cityId, t.caseId)],
);

/** Photos attached to cases (small images, kept in the database so that a backup holds everything). */
export const attachments = pgTable(
  'attachments',
  {
    cityId: uuid('city_id').notNull(),
    id: uuid('id').notNull(),
    caseId: uuid('case_id'),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.id] }), index('attachments_case_idx').on(t.cityId, t.caseId)],
);

/** Per-city case policy: deadline tiers, first contact, due-soon warning, reopen limit. */
export const caseSettings = pgTable('case_settings', {
  cityId: uuid('city_id')
    .primaryKey()
    .references(() => cities.id),
  policy: jsonb('policy').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull(),
});

/** A city's explicit routing rules (category × territory → unit), tried before the catalogue's handler. */
export const routingRules = pgTable(
  'routing_rules',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    id: uuid('id').notNull(),
    categoryCode: text('category_code'),
    regionPathPrefix: text('region_path_prefix'),
    unitId: uuid('unit_id').notNull(),
    priority: integer('priority').notNull().default(0),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.id] })],
);
