import type { Metrics } from "../metrics.js";
import type { Response } from "./events.js";
import { PluginUnavailableError } from "./plugin-host.js";

/** Counts a chat:send and times its ack, labelled by status (OK or the error code). */
export function measuredSend<P, T>(metrics: Metrics | undefined, fn: (payload: P, ack: (res: Response<T>) => void) => void) {
  if (!metrics) return fn;
  return (payload: P, ack: (res: Response<T>) => void) => {
    metrics.chatSends.inc();
    if (typeof ack !== "function") return fn(payload, ack);
    const received = performance.now();
    fn(payload, (res) => {
      metrics.chatAcks.labels(res.status === "OK" ? "OK" : res.error.code).observe((performance.now() - received) / 1000);
      ack(res);
    });
  };
}

/** Times the plugins' chat-start work (e.g. provisioning), with its outcome (ok, a required plugin's code, error). */
export async function measuredProvisioning<T>(metrics: Metrics | undefined, work: Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const result = await work;
    metrics?.provisioning.labels("ok").observe((performance.now() - started) / 1000);
    return result;
  } catch (error) {
    const outcome = error instanceof PluginUnavailableError ? error.code : "error";
    metrics?.provisioning.labels(outcome).observe((performance.now() - started) / 1000);
    throw error;
  }
}
