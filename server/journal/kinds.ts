/** The journal's rules shared by the server and the web panel (no imports: the web bundles this file). */
export const journalKinds = ["irrigation", "fertilizer", "spraying", "sowing", "harvest", "note"] as const;
export type JournalKind = (typeof journalKinds)[number];

export const JOURNAL_TEXT_MAX = 1000;

/** Entries a farmer may keep: beyond it journal:add answers `journal_full` until some are deleted. */
export const JOURNAL_MAX_ENTRIES = 10_000;

/** Earliest day a farmer may log: older dates are typing mistakes (0202-05-01), not farm records. */
export const JOURNAL_EARLIEST_DATE = "2000-01-01";

/** The panel shows the newest 20 (the contract's `journal` panel). */
export const JOURNAL_PANEL_LIMIT = 20;
