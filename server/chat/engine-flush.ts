import type { ChatServer } from "./plugins.js";

/** Waits (bounded) until every engine.io socket has written its buffered packets. */
export async function flushEngine(io: ChatServer, timeoutMs: number): Promise<void> {
  // engine.io keeps these protected; reading the write buffer is the only way to know what is unsent
  const clients = Object.values((io.engine as unknown as { clients: Record<string, { writeBuffer: unknown[]; once(e: string, f: () => void): void }> }).clients);
  await Promise.all(
    clients
      .filter((c) => c.writeBuffer.length > 0)
      .map((c) => new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        c.once("drain", () => {
          clearTimeout(timer);
          resolve();
        });
      })),
  );
}
