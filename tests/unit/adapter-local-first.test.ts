/**
 * When the bus between instances does not keep up (server/chat/local-first.ts, deliverLocallyFirst), broadcasts
 * past the in-flight limit reach this instance's sockets only, publishing resumes as soon as the bus catches
 * up, and the operator gets one log line per period with how many were dropped, not a line per crossing of
 * the limit. On socket.io's own in-memory adapter, with a bus whose publishes settle when the test says.
 */
import { Writable } from "node:stream";
import { Server } from "socket.io";
import type { Adapter } from "socket.io-adapter";
import { describe, expect, it } from "vitest";
import { deliverLocallyFirst } from "../../server/chat/local-first.js";
import { createLogger } from "../../server/logger.js";

describe("deliverLocallyFirst when the bus does not keep up", () => {
  it("publishes up to the limit, drops the rest with one log line a period, and resumes when the bus catches up", async () => {
    const io = new Server(); // not attached to any HTTP server: only its namespace and adapter are used
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger("info", new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) }) as never);
    const settle: (() => void)[] = [];
    const adapter = io.of("/").adapter as Adapter & { publishAndReturnOffset(message: unknown): Promise<string> };
    adapter.publishAndReturnOffset = () => new Promise<string>((resolve) => settle.push(() => resolve("0-0")));
    deliverLocallyFirst(adapter, logger, { maxInFlight: 3, droppedLogEveryMs: 60_000 });

    for (let i = 0; i < 10; i++) io.emit("chat:token", { seq: i });
    expect(settle).toHaveLength(3); // the rest were not published
    const dropLines = () => lines.filter((l) => String(l.msg).includes("does not keep up"));
    expect(dropLines()).toHaveLength(1);
    expect(dropLines()[0]).toMatchObject({ level: 50, inFlight: 3, dropped: 1 });

    // The bus catches up by one: the next broadcast is published again; going over the limit again in the
    // same period is counted, not logged again.
    settle.shift()!();
    await new Promise((resolve) => setImmediate(resolve)); // the publish's promise chain has run
    io.emit("chat:token", { seq: 10 });
    expect(settle).toHaveLength(3);
    for (let i = 11; i < 20; i++) io.emit("chat:token", { seq: i });
    expect(settle).toHaveLength(3);
    expect(dropLines()).toHaveLength(1);
  });

  it("tells the drops counted after a line at the end of its period, even when the bus has caught up by then", async () => {
    const io = new Server();
    let told: (line: Record<string, unknown>) => void = () => {};
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger(
      "info",
      new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), told(lines.at(-1)!), done()) }) as never,
    );
    const settle: (() => void)[] = [];
    const adapter = io.of("/").adapter as Adapter & { publishAndReturnOffset(message: unknown): Promise<string> };
    adapter.publishAndReturnOffset = () => new Promise<string>((resolve) => settle.push(() => resolve("0-0")));
    deliverLocallyFirst(adapter, logger, { maxInFlight: 2, droppedLogEveryMs: 50 });

    for (let i = 0; i < 7; i++) io.emit("chat:token", { seq: i }); // 2 published, 1 dropped and told, 4 counted
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ dropped: 1 });
    const second = new Promise<Record<string, unknown>>((resolve) => (told = resolve));
    for (const publish of settle.splice(0)) publish(); // the bus catches up; nothing is dropped any more
    expect(await second).toMatchObject({ level: 50, dropped: 4 });
    expect(lines).toHaveLength(2);
  });
});
