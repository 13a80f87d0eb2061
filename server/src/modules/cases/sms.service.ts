import { sql } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import { queryRows } from '../../db/database.ts';

/**
 * Sends the text messages waiting in the outbox through the gateway adapter. Each message is
 * locked while it is sent (SKIP LOCKED: several processes never send one twice); a failure is
 * counted and retried on the next run, up to `maxAttempts`.
 */
export async function sendPendingSms(ctx: Context, limit = 500, maxAttempts = 5): Promise<{ sent: number; failed: number }> {
  return ctx.database.db.transaction(async (tx) => {
    const rows = await queryRows<{ city_id: string; id: string; phone: string; text: string }>(
      tx,
      sql`SELECT city_id, id, phone, text FROM sms_outbox WHERE sent_at IS NULL AND attempts < ${maxAttempts}
          ORDER BY created_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
    );
    const sent: string[] = [];
    let failed = 0;
    for (const row of rows) {
      try {
        await ctx.sms.send({ phone: row.phone, text: row.text });
        sent.push(row.id);
      } catch (error) {
        await tx.execute(
          sql`UPDATE sms_outbox SET attempts = attempts + 1, last_error = ${String((error as Error).message).slice(0, 500)} WHERE city_id = ${row.city_id}::uuid AND id = ${row.id}::uuid`,
        );
        failed++;
      }
    }
    if (sent.length > 0) {
      const ids = sql`ARRAY[${sql.join(
        sent.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}]`;
      await tx.execute(
        sql`UPDATE sms_outbox SET sent_at = ${ctx.now().toISOString()}::timestamptz, attempts = attempts + 1 WHERE id = ANY(${ids})`,
      );
    }
    return { sent: sent.length, failed };
  });
}
