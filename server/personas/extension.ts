/**
 * What other plugins may use of the persona plugin: the persona's shape, the catalogue of districts and
 * crops, reading a farmer's stored persona, and proposing a change to it (never writing it). Other plugins
 * import this file only, never the plugin's other files (`npm run lint:layers`, .dependency-cruiser.cjs).
 */
export { experienceLevels, type ExperienceLevel, type Persona, type PersonaField, type PersonaPatch } from "./types.js";
export { cropLabel, cropNames, crops, isCropGrownIn, otherPlaces, regionNames, regionOfPlace, regionSpellings } from "./catalogue.js";
export { getPersonaByUserId, personaReader } from "./queries.js";
export { proposeFromAdvisor } from "./advisor-proposals.js";
export type { ProfileProposalOutcome } from "./proposals.js";
export { PersonaUnavailableError } from "./errors.js";
