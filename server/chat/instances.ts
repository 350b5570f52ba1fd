import { eq, gt, lt, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { appInstances } from "../db/schema.js";
import { safeError, type Logger } from "../logger.js";
import { failOrphanedReplies } from "./replies.js";


/**
 * Each instance beats every few seconds; replies left `streaming` by an instance that stopped beating
 * (killed, crashed, cut off) are marked `error`, so the conversation takes questions again.
 */
export function startInstanceHeartbeat(deps: {
  database: Database;
  logger: Logger;
  instanceId: string;
  heartbeatMs: number;
  onOrphans(runIds: string[]): void;
}): { stop(): Promise<void> } {
  const { database, instanceId, heartbeatMs } = deps;
  const deadAfterMs = heartbeatMs * 4;
  const log = deps.logger.child({ module: "instances" });
  const beat = async () => {
    const { db } = database;
    await db
      .insert(appInstances)
      .values({ id: instanceId })
      .onConflictDoUpdate({ target: appInstances.id, set: { heartbeatAt: sql`now()` } });
    const live = await db
      .select({ id: appInstances.id })
      .from(appInstances)
      .where(gt(appInstances.heartbeatAt, sql`now() - make_interval(secs => ${deadAfterMs / 1000})`));
    const orphans = await failOrphanedReplies(database.sql, { liveInstanceIds: live.map((r) => r.id) });
    if (orphans.length > 0) {
      log.warn({ count: orphans.length }, "marked replies of a lost instance as error");
      deps.onOrphans(orphans);
    }
    await db.delete(appInstances).where(lt(appInstances.heartbeatAt, sql`now() - interval '1 day'`));
  };
  let running = beat().catch((error) => log.warn({ err: safeError(error) }, "heartbeat failed"));
  const timer = setInterval(() => {
    running = running.then(beat).catch((error) => log.warn({ err: safeError(error) }, "heartbeat failed"));
  }, heartbeatMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await database.db.delete(appInstances).where(eq(appInstances.id, instanceId)).catch(() => {});
    },
  };
}
