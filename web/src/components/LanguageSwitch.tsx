import { useI18n, type Language } from "../i18n.js";

const options: { value: Language; short: string; label: "switchToAzerbaijani" | "switchToEnglish" }[] = [
  { value: "az", short: "AZ", label: "switchToAzerbaijani" },
  { value: "en", short: "EN", label: "switchToEnglish" },
];

/** Two radio-like buttons; the choice is remembered per browser. */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t("languageSwitchLabel")}>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          lang={option.value}
          className="lang-switch__option"
          aria-pressed={language === option.value}
          aria-label={t(option.label)}
          onClick={() => setLanguage(option.value)}
        >
          {option.short}
        </button>
      ))}
    </div>
  );
}
