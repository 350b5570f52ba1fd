/** A source named at the end of an answer (the advisor's `sources` annotation on a message), as the server declares it. */
export type { MessageSource } from "../../../../server/agent/events.js";
