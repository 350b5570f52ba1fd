/**
 * What the advisor's own tools return (./tools.ts): JSON for the model, rendered into words by the
 * offline model (./providers/offline-answers.ts). Each names its source ids and the persona fields it used.
 */
import type { ExperienceLevel, PersonaField, PersonaPatch } from "../personas/extension.js";
import type { FertilizerRecordOut } from "./additions.js";
import type { IrrigationResult } from "./irrigation.js";

export type { IrrigationFigure, IrrigationMonth, IrrigationResult } from "./irrigation.js";

export interface ResultBase {
  sources: Record<string, string>;
  /** Persona fields this answer took from the farmer's profile. */
  fromProfile: PersonaField[];
}

export interface CalendarResult extends ResultBase {
  tool: "crop_calendar";
  status: "ok" | "no_figure" | "unknown_crop";
  input?: string;
  knownCrops?: string[];
  crop: string;
  cropEn: string;
  region: string | null;
  /** Whether the catalogue lists the crop for the region (null: region unknown). */
  typicalInRegion: boolean | null;
  sowingMonths: number[] | null;
  harvestMonths: number[] | null;
  /** Dated events of ./data/agronomy-additions.json (planting saplings, transplanting …), each with its source. */
  events: { item: string; months: number[]; src: string }[];
  regionSpecific: false;
  note: string;
}

export interface FertilizerResult extends ResultBase {
  tool: "fertilizer_plan";
  status: "ok" | "no_figure" | "unknown_crop";
  input?: string;
  knownCrops?: string[];
  crop: string;
  cropEn: string;
  areaHa: number;
  perHa: { N: number | null; P2O5: number | null; K2O: number | null };
  totalKg: { N: number | null; P2O5: number | null; K2O: number | null };
  /** Records of ./data/agronomy-additions.json, each with its country and kind (trial, norm …). */
  records: FertilizerRecordOut[];
  note: string;
}

export interface ClimatePartialItem {
  kind: "tmean" | "precip" | "annual_tmean" | "annual_precip";
  months?: number[];
  value: number | string;
}

export interface ClimateResult extends ResultBase {
  tool: "climate_normals";
  status: "ok" | "partial" | "no_figure" | "unknown_region";
  input?: string;
  region: string;
  climateKey: string | null;
  stationRegion: string | null;
  station: string | null;
  stationNearest: boolean;
  month: number | null;
  period: string | null;
  values: { tmeanC: number | null; tmaxC: number | null; tminC: number | null; precipMm: number | null } | null;
  annual: {
    warmest: { month: number; tmeanC: number };
    coldest: { month: number; tmeanC: number };
    precipTotalMm: number | null;
    wettest: { month: number; precipMm: number } | null;
  } | null;
  partial: ClimatePartialItem[];
  note: string;
}

export interface ProfileResult extends ResultBase {
  tool: "propose_profile_change";
  /** proposed: waiting for the farmer's Accept on the card under the answer; the profile itself is unchanged. */
  status: "proposed" | "nothing_to_update" | "rejected" | "failed";
  patch: PersonaPatch;
  rejected: { field: string; value: string; reason: string }[];
  profile: { region: string; cropType: string; totalAreaHa: number; experienceLevel: ExperienceLevel };
  message?: string;
}

export type ToolResult = CalendarResult | IrrigationResult | FertilizerResult | ClimateResult | ProfileResult;
