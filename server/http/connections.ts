import type { Server } from "node:http";
import type { Socket } from "node:net";

export interface Connections {
  /** Kept-alive connections answer their next request with "Connection: close"; idle ones end now. */
  stopKeepAlive(): void;
  /**
   * Ends every connection: HTTP ones at once, upgraded websockets after `closeFrameMs` to answer the close
   * frame the chat sent them. Resolves when `closed` (the server's close callback) does.
   */
  endAll(closed: Promise<void>, closeFrameMs: number): Promise<void>;
}

/**
 * The HTTP server's connections, websockets included (server.closeAllConnections() ends only HTTP ones), so
 * that a shutdown ends them instead of waiting for clients: Node's server.close() waits for every connection,
 * still serves requests on open keep-alive connections, and a client that keeps one busy (a slow upload, a
 * page that asks again at once) would hold the shutdown open for as long as it likes.
 */
export function trackConnections(server: Server): Connections {
  const open = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    open.add(socket);
    socket.once("close", () => open.delete(socket));
  });
  return {
    stopKeepAlive() {
      // Node counts requests per connection from the moment this is set: the next answer on each says close.
      server.maxRequestsPerSocket = 1;
      server.closeIdleConnections();
    },
    async endAll(closed, closeFrameMs) {
      server.closeAllConnections();
      const cut = setTimeout(() => {
        for (const socket of open) socket.destroy();
      }, closeFrameMs);
      await closed;
      clearTimeout(cut);
    },
  };
}
