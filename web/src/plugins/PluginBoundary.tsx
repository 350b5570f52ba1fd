import { Component, type ReactNode } from "react";

/**
 * Keeps a plugin's failure (a chunk that does not load, a render that throws) to its own part of the
 * screen: that part is left out and the chat goes on.
 */
export class PluginBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? null : this.props.children;
  }
}
