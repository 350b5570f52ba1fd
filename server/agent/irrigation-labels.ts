/**
 * The words an irrigation answer needs, in Azerbaijani and English, carried in the tool result
 * (./irrigation.ts) so every provider renders the same method, station and Kc source: no English
 * in an Azerbaijani answer, no Azerbaijani in an English one.
 */
export const round1 = (v: number) => Math.round(v * 10) / 10;
export const round2 = (v: number) => Math.round(v * 100) / 100;
/** mm per day → mm per week, one decimal. */
export const week = (perDay: number) => round1(perDay * 7);

export interface LanguageLabels {
  /** How ET0 was obtained, one phrase per method. */
  method: { forecast: string; station_normals: string; hargreaves: string };
  /** "Gəncə stansiyası (84 km aralı)" / "Ganja station (84 km away)"; null without a station. */
  station: string | null;
  /** Where the Kc comes from (FAO-56 row, or the nearest FAO-56 crop said as such). */
  kc: string;
  /** How the need is computed. */
  formula: string;
}

export type Labels = Record<"az" | "en", LanguageLabels>;

export function labelsFor(input: {
  crop: string;
  cropEn: string;
  region: string;
  kcSource: { faoRow: { az: string; en: string }; match: "exact" | "nearest" };
  station: { name: { az: string; en: string }; distanceKm: number } | null;
  period: string | null;
  forecastDays?: number;
}): Labels {
  const { kcSource, station } = input;
  const days = input.forecastDays ?? 7;
  const period = input.period ? `, ${input.period.replace("-", "–")}` : "";
  const stationAz = station ? `${station.name.az} stansiyası (${station.distanceKm} km aralı${period})` : null;
  const stationEn = station ? `${station.name.en} station (${station.distanceKm} km away${period})` : null;
  const ofStationAz = station ? `${station.name.az} stansiyasının (${station.distanceKm} km aralı${period})` : "stansiyanın";
  const cropAz = input.crop.toLocaleLowerCase("az");
  return {
    az: {
      method: {
        forecast: `Open-Meteo hava proqnozundan götürülüb (növbəti ${days} gün, FAO-56 Penman-Monteyt üsulu)`,
        station_normals: `${ofStationAz} çoxillik iqlim normalarından götürülüb`,
        hargreaves: `yalnız temperatur məlum olduğundan Harqreyvs tənliyi ilə ${ofStationAz} orta maksimum/minimum temperatur normalarından hesablanıb`,
      },
      station: stationAz,
      kc: kcSource.match === "nearest"
        ? `FAO-56-da ${cropAz} üçün ayrıca sətir yoxdur; ən yaxın FAO-56 bitkisinin — „${kcSource.faoRow.az}“ — Kc-si götürülüb (12-ci cədvəl).`
        : `Kc FAO-56-nın 12-ci cədvəlindəki „${kcSource.faoRow.az}“ sətrindəndir (ümumi dəyərlərdir, Azərbaycanda ölçülməyib).`,
      formula: "Bitkinin su sərfi = Kc × ET0; xalis suvarma ehtiyacı = su sərfi − effektiv yağıntı (USDA SCS üsulu), sahədəki itkilər nəzərə alınmadan; 1 ha-da 1 mm = 10 m³.",
    },
    en: {
      method: {
        forecast: `taken from the Open-Meteo weather forecast (next ${days} days, FAO-56 Penman-Monteith)`,
        station_normals: `taken from the climate normals of ${stationEn ?? "the station"}`,
        hargreaves: `estimated from temperature only (Hargreaves equation) with the mean max/min temperature normals of ${stationEn ?? "the station"}`,
      },
      station: stationEn,
      kc: kcSource.match === "nearest"
        ? `FAO-56 has no row for ${input.cropEn}; the nearest FAO-56 crop, "${kcSource.faoRow.en}", is used (Table 12).`
        : `Kc from FAO-56 Table 12, row "${kcSource.faoRow.en}" (generic values, not measured in Azerbaijan).`,
      formula: "Crop water use ETc = Kc × ET0; net irrigation need = ETc − effective rainfall (USDA SCS method), before field losses; 1 mm over 1 ha = 10 m³.",
    },
  };
}
