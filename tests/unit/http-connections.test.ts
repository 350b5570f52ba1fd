import { createServer, request, Agent, type Server } from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { trackConnections } from "../../server/http/connections.js";

// server/http/connections.ts: what the shutdown (server/main.ts) uses to end connections instead of waiting for clients.
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
});

function listen(handler: Parameters<typeof createServer>[1]): Promise<number> {
  server = createServer(handler);
  return new Promise((resolve) => server!.listen(0, "127.0.0.1", () => resolve((server!.address() as AddressInfo).port)));
}

describe("the server's connections at shutdown", () => {
  it("a kept-alive connection in use when the server closes is told to close with its next answer", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const arriving = new Promise<void>((resolve) => (arrived = resolve));
    const port = await listen((req, res) => {
      if (req.url === "/held") {
        arrived();
        void held.then(() => res.end("late"));
      } else res.end("ok");
    });
    const connections = trackConnections(server!);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) => new Promise<string | undefined>((resolve, reject) => {
      request({ port, host: "127.0.0.1", path, agent }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.headers.connection));
      }).on("error", reject).end();
    });
    try {
      const first = get("/held");
      await arriving;
      const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
      connections.stopKeepAlive();
      release();
      expect(await first).toBe("keep-alive"); // answered as it was asked
      expect(await get("/next")).toBe("close"); // the same connection, told to go
      await closed;
    } finally {
      agent.destroy();
    }
  });

  it("endAll ends an upgraded connection the client keeps open", async () => {
    const port = await listen((_req, res) => res.end());
    server!.on("upgrade", (_req, socket) => socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n"));
    const connections = trackConnections(server!);
    const client = net.connect(port, "127.0.0.1");
    const ended = new Promise<void>((resolve) => client.on("close", () => resolve()));
    const upgraded = new Promise<void>((resolve) => client.once("data", () => resolve()));
    client.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: test\r\n\r\n`);
    await upgraded;
    const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
    connections.stopKeepAlive();
    await connections.endAll(closed, 50);
    await ended;
    expect(client.destroyed).toBe(true);
  });
});
