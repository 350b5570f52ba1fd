import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPluginClient } from "../../web/src/lib/pluginClient.js";
import { AckError, type ChatSocket } from "../../web/src/lib/socket.js";

// A real socket.io server speaking the app's ack shape ({status:"OK",data} / {status:"ERROR",error}).
const http = createServer();
const server = new Server(http);
let socket: Socket;
// The core's typed socket knows no plugin events; the client under test takes it as the app does.
const chatSocket = () => socket as unknown as ChatSocket;

beforeAll(async () => {
  server.on("connection", (s) => {
    s.on("demo:echo", (payload: unknown, ack: (res: unknown) => void) => ack({ status: "OK", data: { echoed: payload } }));
    s.on("demo:refuse", (_payload: unknown, ack: (res: unknown) => void) =>
      ack({ status: "ERROR", error: { code: "bad_request", message: "text is required" } }),
    );
    s.on("demo:ping", () => s.emit("demo:pong", { n: 1 }));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  socket = io(`http://127.0.0.1:${port}`, { transports: ["websocket"] });
  await new Promise<void>((resolve) => socket.on("connect", () => resolve()));
});

afterAll(async () => {
  socket.disconnect();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("PluginClient", () => {
  it("emit resolves with the ack's data", async () => {
    const client = createPluginClient(chatSocket);
    await expect(client.emit("demo:echo", { text: "salam" })).resolves.toEqual({ echoed: { text: "salam" } });
  });

  it("emit rejects with an AckError carrying the ack's code", async () => {
    const client = createPluginClient(chatSocket);
    const error = await client.emit("demo:refuse", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AckError);
    expect((error as AckError).code).toBe("bad_request");
  });

  it("emit without a socket rejects as offline", async () => {
    const client = createPluginClient(() => null);
    await expect(client.emit("demo:echo", {})).rejects.toMatchObject({ code: "offline" });
  });

  it("on delivers a plugin's event until the returned function is called", async () => {
    const client = createPluginClient(chatSocket);
    const seen: unknown[] = [];
    const off = client.on("demo:pong", (payload) => seen.push(payload));
    const first = new Promise<void>((resolve) => socket.once("demo:pong", () => resolve()));
    socket.emit("demo:ping");
    await first;
    expect(seen).toEqual([{ n: 1 }]);

    off();
    const second = new Promise<void>((resolve) => socket.once("demo:pong", () => resolve()));
    socket.emit("demo:ping");
    await second;
    expect(seen).toEqual([{ n: 1 }]);
  });
});
