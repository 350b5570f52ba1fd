import { vi } from "vitest";

export interface UntilOptions {
  /** How long to wait before failing, in ms (10 s unless said). */
  timeout?: number;
  /** How often to check, in ms. */
  interval?: number;
  /** What is awaited, for the failure's message. */
  what?: string;
}

/**
 * Resolves when `condition` holds, checking every `interval` ms; fails with a message naming `what` after
 * `timeout` ms. For states that emit no event (a socket the server has not counted out yet, a banner in a
 * child's output). A condition that throws fails at once with its error.
 */
export async function until(condition: () => boolean | Promise<boolean>, options: UntilOptions = {}): Promise<void> {
  const { timeout = 10_000, interval = 20, what = "the condition" } = options;
  try {
    await vi.waitUntil(condition, { timeout, interval });
  } catch (error) {
    if (error instanceof Error && error.message === "Timed out in waitUntil!") {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    }
    throw error;
  }
}
