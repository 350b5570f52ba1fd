import { rowFrom, type Bench, type Row } from "../context.js";
import { cpuSpan, until } from "../measure.js";
import type { ArrivalResult, LoadResult } from "../protocol.js";

export const emailsOf = (bench: Bench, kind: string, count: number) =>
  Array.from({ length: count }, (_, i) => `bench-${bench.runId}-${kind}-${i}@bench.example`);

/** Signs the users in through dev login (in the client process, which keeps the cookies). */
export async function signIn(bench: Bench, emails: string[], figure: string): Promise<Row> {
  const span = cpuSpan();
  const result = await bench.clients.send<LoadResult>({ cmd: "login", url: bench.url, emails, concurrency: 16 });
  const row = rowFrom(bench, { id: `login.${figure}`, figure: `dev login (POST /auth/dev-login), ${figure}, c=16`, result, span: span.stop(), unit: "logins/s" });
  if (row.errors) throw new Error(`dev login failed: ${JSON.stringify(result.errors)}`);
  return row;
}

/** Waits until the server has let go of every socket, so that one scenario's sockets do not load the next. */
export async function serverIdle(bench: Bench): Promise<void> {
  await until(() => bench.app.chat.io.of("/").sockets.size === 0 && bench.app.chat.io.engine.clientsCount === 0, "the server to drop every socket");
}

/** connect → session:ready of returning users (persona already stored), closed loop at each concurrency. */
export async function returningConnects(bench: Bench, emails: string[]): Promise<Map<number, Row>> {
  const rows = new Map<number, Row>();
  for (const { concurrency, total } of bench.plan.connects) {
    await serverIdle(bench);
    const span = cpuSpan();
    const result = await bench.clients.send<LoadResult>({ cmd: "connectLoop", target: "app", url: bench.url, emails, total, concurrency });
    rows.set(
      concurrency,
      rowFrom(bench, { id: `connect.c${concurrency}`, figure: `connect → session:ready, returning user, c=${concurrency}`, result, span: span.stop(), unit: "conn/s" }),
    );
  }
  return rows;
}

/**
 * New users arriving at a fixed rate (open loop): each connect is that user's first, so the persona is
 * generated and upserted. Afterwards the table must hold exactly one row per email.
 */
export async function newUsers(bench: Bench, emails: string[]): Promise<{ row: Row; rows: number; distinct: number }> {
  const { perSecond } = bench.plan.newUsers;
  await serverIdle(bench);
  const span = cpuSpan();
  const result = await bench.clients.send<ArrivalResult>({ cmd: "arrivals", url: bench.url, emails, perSecond });
  const row = rowFrom(bench, {
    id: "newUsers",
    figure: `new users at ${perSecond}/s for ${bench.plan.newUsers.seconds} s: connect → session:ready`,
    result,
    span: span.stop(),
    unit: "conn/s",
    extra: { maxScheduleLagMs: result.maxScheduleLagMs },
  });
  const [counts] = await bench.sql<{ rows: number; distinct: number }[]>`
    SELECT count(*)::int AS rows, count(DISTINCT email)::int AS distinct FROM alem_personas
     WHERE email LIKE ${`bench-${bench.runId}-new-%`}`;
  row.extra = { ...row.extra, personaRows: counts!.rows, distinctEmails: counts!.distinct, expected: emails.length };
  return { row, rows: counts!.rows, distinct: counts!.distinct };
}
