import { useEffect, useRef, useState } from "react";
import { useI18n } from "../i18n.js";

/** "2026-05-12" → "12.05.2026": the day first, as dates are written in Azerbaijan. */
export function toLocalDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/** "12.05.2026", "12/5/2026", "12-05-2026" or "2026-05-12" → "2026-05-12"; undefined when it is not a calendar day. */
export function toIsoDate(text: string): string | undefined {
  const s = text.trim();
  let y: number, mo: number, d: number;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(s))) [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

/**
 * A date as the farmer writes it (gg.aa.iiii), whatever the browser's locale: Chromium shows a native
 * date input in its own locale (12/04/2026 in an Azerbaijani page). The calendar stays one button away
 * (the native picker, opened with showPicker()). `value` and `onChange` speak ISO (YYYY-MM-DD); text that
 * is not a day reaches `onChange` as typed, so the form's own check reports it.
 */
export function DateField(props: {
  id: string;
  value: string;
  min?: string;
  max?: string;
  invalid?: boolean;
  describedBy?: string;
  onChange(value: string): void;
}) {
  const { t, language } = useI18n();
  const [text, setText] = useState(() => toLocalDate(props.value));
  const picker = useRef<HTMLInputElement>(null);

  // A value set from outside (a reset after saving) replaces what is typed.
  useEffect(() => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(props.value) && toIsoDate(text) !== props.value) setText(toLocalDate(props.value));
  }, [props.value]);

  return (
    <div className="date-field">
      <input
        id={props.id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={language === "az" ? "gg.aa.iiii" : "dd.mm.yyyy"}
        value={text}
        required
        aria-invalid={props.invalid || undefined}
        aria-describedby={props.describedBy}
        onChange={(e) => {
          setText(e.target.value);
          props.onChange(toIsoDate(e.target.value) ?? e.target.value);
        }}
      />
      <button type="button" className="icon-button date-field-pick" aria-label={t("pickDate")} onClick={() => picker.current?.showPicker?.()}>
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <rect x="4" y="5" width="16" height="15" rx="2" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M4 10h16M9 3v4M15 3v4" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
      </button>
      <input
        ref={picker}
        className="date-field-native"
        type="date"
        tabIndex={-1}
        aria-hidden="true"
        value={toIsoDate(text) ?? ""}
        min={props.min}
        max={props.max}
        onChange={(e) => {
          if (!e.target.value) return;
          setText(toLocalDate(e.target.value));
          props.onChange(e.target.value);
        }}
      />
    </div>
  );
}
