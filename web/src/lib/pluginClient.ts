import type { Socket } from "socket.io-client";
import type { PluginClient } from "../plugins/types.js";
import { AckError, emitWithAck, type ChatSocket } from "./socket.js";

/** A PluginClient on whatever socket the session has now (null while there is none: emits fail as offline). */
export function createPluginClient(currentSocket: () => ChatSocket | null): PluginClient {
  return {
    emit<T>(event: string, payload: unknown): Promise<T> {
      const socket = currentSocket();
      return socket ? emitWithAck<T>(socket, event, payload) : Promise.reject(new AckError("offline", "not connected"));
    },
    on(event, handler) {
      // Plugin events are not in the core's typed event map.
      const socket = currentSocket() as unknown as Socket | null;
      socket?.on(event, handler);
      return () => void socket?.off(event, handler);
    },
  };
}
