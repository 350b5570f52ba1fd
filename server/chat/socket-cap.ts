import type { Logger } from "../logger.js";
import type { ChatServer } from "./plugins.js";
import type { ChatSocket } from "./handlers/types.js";

const REMOTE_COUNT_TIMEOUT_MS = 2000;

/**
 * CHAT_MAX_SOCKETS_PER_USER across instances. Each instance counts its own sockets per user (admitted,
 * until their connection closes); a handshake asks the other instances for theirs through the Socket.IO
 * adapter, then checks and takes its place in one synchronous step, so a burst on one instance cannot
 * overshoot. Simultaneous bursts on two instances can, by at most what crosses in flight.
 * When another instance does not answer in time (it just died), the handshake is admitted: the cap
 * guards against abuse; it must not take chat down with an instance.
 */
export class UserSocketCap {
  private readonly local = new Map<string, number>();

  constructor(
    private readonly deps: { io: ChatServer; max: number; crossInstance: boolean; logger: Logger },
  ) {
    if (deps.crossInstance) {
      deps.io.on("user:sockets", ({ userId }, ack) => ack(this.local.get(userId) ?? 0));
    }
  }

  /** Admits the socket and holds its place until its connection closes; "full" refuses it; "gone": its client left meanwhile. */
  async admit(socket: ChatSocket, userId: string): Promise<"admitted" | "full" | "gone"> {
    const remote = this.deps.crossInstance ? await this.remoteCount(userId) : 0;
    // The client may have left while the others were asked: its close has passed, so nothing would give a place back.
    if (socket.conn.readyState !== "open") return "gone";
    const here = this.local.get(userId) ?? 0;
    if (here + remote >= this.deps.max) return "full";
    this.local.set(userId, here + 1);
    // The engine connection's close covers both a socket that disconnects and one whose client left before
    // its `connection` event: either way the place is given back exactly once.
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.local.get(userId) ?? 1) - 1;
      if (left <= 0) this.local.delete(userId);
      else this.local.set(userId, left);
    };
    socket.conn.once("close", release);
    socket.once("disconnect", release);
    return "admitted";
  }

  private remoteCount(userId: string): Promise<number> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.deps.logger.warn("another instance did not report its sockets in time; admitting the connection");
        resolve(0);
      }, REMOTE_COUNT_TIMEOUT_MS);
      this.deps.io.serverSideEmit("user:sockets", { userId }, (error: Error | null, counts: number[]) => {
        clearTimeout(timer);
        void error; // on an adapter timeout, the counts that did arrive still count
        resolve((counts ?? []).reduce((sum, n) => sum + (Number(n) || 0), 0));
      });
    });
  }
}
