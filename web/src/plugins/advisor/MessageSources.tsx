import type { MessageSource } from "./types.js";
import { useI18n } from "../../i18n.js";
import type { AdvisorKey } from "./strings.js";

/** The sources of an answer (chat:done's `sources`) as readable names with links. */
export function MessageSources({ sources }: { sources: MessageSource[] | undefined }) {
  const { t } = useI18n<AdvisorKey>("advisor");
  if (!sources || sources.length === 0) return null;
  return (
    <section className="message-sources" aria-label={t("sourcesLabel")}>
      <h3 className="message-sources__title">{t("sourcesLabel")}</h3>
      <ol className="message-sources__list">
        {sources.map((s) => {
          const name = `${s.publisher}${s.year ? `, ${s.year}` : ""}`;
          return (
            <li key={s.id} className="message-sources__item">
              {s.url ? (
                <a href={s.url} target="_blank" rel="noopener noreferrer" title={s.title}>
                  {name}
                  <span className="visually-hidden"> {t("sourceOpens")}</span>
                </a>
              ) : (
                <span title={s.title}>{name}</span>
              )}
              <span className="message-sources__title-text">{s.title}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
