/** The farmer persona as the API, the socket events and the agent see it (camelCase). */
export const experienceLevels = ["novice", "intermediate", "expert"] as const;
export type ExperienceLevel = (typeof experienceLevels)[number];

export const dataSources = ["synthetic", "oauth", "mygov"] as const;
export type DataSource = (typeof dataSources)[number];

export interface Persona {
  id: string;
  userId: string;
  email: string;
  fullName: string;
  finCode: string;
  phone: string;
  region: string;
  cropType: string;
  totalAreaHa: number;
  experienceLevel: ExperienceLevel;
  ektisVerified: boolean;
  dataSource: DataSource;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string;
  /**
   * Where each field's value came from, kept by the database trigger (./audit.ts). Always set on a
   * stored persona (personaFromRow); optional so personas built in memory (tests) need not invent one.
   */
  provenance?: Provenance;
}

export const provenanceFields = ["fullName", "finCode", "phone", "region", "cropType", "totalAreaHa", "experienceLevel"] as const;
export type ProvenanceField = (typeof provenanceFields)[number];
export const provenanceSources = ["synthetic", "identity", "user", "chat", "database", "mygov"] as const;
export type ProvenanceSource = (typeof provenanceSources)[number];
export type Provenance = Record<ProvenanceField, { source: ProvenanceSource; at: string }>;

/** The fields a farmer (or the advisor, on the farmer's word) may change. */
export type PersonaPatch = Partial<Pick<Persona, "region" | "cropType" | "totalAreaHa" | "experienceLevel">>;

export type PersonaField = keyof Pick<
  Persona,
  "fullName" | "region" | "cropType" | "totalAreaHa" | "experienceLevel"
>;
