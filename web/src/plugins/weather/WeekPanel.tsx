import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { WeekPanelAnswer } from "../../../../server/weather/extension.js";
import type { Language } from "../../i18n.js";
import { request } from "../../lib/api.js";
import type { PanelProps } from "../types.js";
import "./weather.css";

type Week = WeekPanelAnswer["week"];
type State = { kind: "loading" } | { kind: "offline" } | { kind: "failed" } | { kind: "ok"; week: Week };

/** Numbers as the advisor writes them: Azerbaijani with the decimal comma. */
function num(value: number, language: Language, digits = 1): string {
  return new Intl.NumberFormat(language === "az" ? "az-Latn-AZ" : "en-GB", { maximumFractionDigits: digits }).format(value);
}

async function loadWeek(signal: AbortSignal): Promise<Week> {
  const res = await request("/api/weather/week", { signal });
  return ((await res.json()) as WeekPanelAnswer).week;
}

/**
 * "This week" in the sidebar: rain, ET0 and the irrigation need of the farm's crop for the coming 7 days,
 * labelled forecast or climate normals (and why there is no forecast). Loaded when shown with a session,
 * again when the farm changes (persona:updated) and when the browser is back online. Offline it says
 * so instead of showing stale figures as this week's.
 */
export default function WeekPanel({ client, language, host }: PanelProps) {
  const { t } = useTranslation("weather");
  const [state, setState] = useState<State>({ kind: "loading" });
  const [version, setVersion] = useState(0);
  // Asked once a session is ready; host.ready's other changes (another plugin's event) leave the week as it is.
  const ready = host.ready !== null;

  useEffect(() => client.on("persona:updated", () => setVersion((v) => v + 1)), [client]);
  useEffect(() => {
    const online = () => setVersion((v) => v + 1);
    window.addEventListener("online", online);
    return () => window.removeEventListener("online", online);
  }, []);

  useEffect(() => {
    if (!navigator.onLine) return setState({ kind: "offline" });
    if (!ready) return;
    const controller = new AbortController();
    setState((s) => (s.kind === "ok" ? s : { kind: "loading" }));
    loadWeek(controller.signal)
      .then((week) => setState({ kind: "ok", week }))
      .catch(() => {
        if (!controller.signal.aborted) setState({ kind: navigator.onLine ? "failed" : "offline" });
      });
    return () => controller.abort();
  }, [ready, version]);

  return (
    <section className="weather-week" aria-labelledby="weather-week-title" aria-busy={state.kind === "loading"}>
      <h2 id="weather-week-title" className="panel-title">{t("title")}</h2>
      {state.kind === "loading" && <p className="weather-note">{t("loading")}</p>}
      {state.kind === "offline" && <p className="weather-note" role="status">{t("offline")}</p>}
      {state.kind === "failed" && (
        <p className="weather-note" role="status">
          {t("failed")}{" "}
          <button type="button" className="link-button" onClick={() => setVersion((v) => v + 1)}>{t("retry")}</button>
        </p>
      )}
      {state.kind === "ok" && <WeekFigures week={state.week} language={language} />}
    </section>
  );
}

function WeekFigures({ week, language }: { week: Week; language: Language }) {
  const { t } = useTranslation("weather");
  // The crop as the profile names it: "Çay" / "Tea".
  const crop = language === "az" ? week.crop : week.cropEn.charAt(0).toUpperCase() + week.cropEn.slice(1);
  const cropInText = language === "az" ? week.crop.toLocaleLowerCase("az") : week.cropEn;
  if (week.status === "unknown_crop" || week.status === "unknown_region") return <p className="weather-note">{t("unknownFarm")}</p>;
  const farm = <p className="weather-farm">{t("farm", { crop, region: week.region, area: num(week.areaHa, language) })}</p>;
  if (week.status === "out_of_season") return <>{farm}<p className="weather-note">{t("outOfSeason", { crop: cropInText })}</p></>;
  if (week.status !== "ok" || week.basis === null || week.netMm === null || week.et0Mm === null) {
    return <>{farm}<p className="weather-note">{t("noFigure", { crop: cropInText, region: week.region })}</p></>;
  }
  const note = week.basis === "forecast" ? t("basisNote.forecast", { days: week.days }) : t(`basisNote.${week.forecastMissing ?? "unavailable"}`);
  return (
    <div className="weather-card" data-basis={week.basis}>
      {farm}
      <p className="weather-basis">
        <span className={`weather-badge weather-badge--${week.basis}`} data-testid="weather-basis">{t(`basis.${week.basis}`)}</span>
        <span className="weather-basis-note">{note}</span>
      </p>
      <dl className="weather-figures">
        <div>
          <dt>{t("rain")}</dt>
          <dd data-figure="rain">{week.rainMm === null ? "—" : t("mm", { value: num(week.rainMm, language) })}</dd>
        </div>
        <div>
          <dt>{t("et0")}</dt>
          <dd data-figure="et0">{t("mm", { value: num(week.et0Mm, language) })}</dd>
        </div>
        <div className="weather-need">
          <dt>{t("need")}</dt>
          <dd data-figure="need">{t("needValue", { mm: num(week.netMm, language, 0), m3: num(week.volumeM3 ?? 0, language, 0) })}</dd>
        </div>
      </dl>
      <p className="weather-note">{t("needNote", { kc: num(week.kc ?? 0, language, 2) })}</p>
    </div>
  );
}
