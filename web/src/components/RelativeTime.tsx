import { useEffect, useState } from "react";
import { formatDateTime, useI18n, type Language } from "../i18n.js";

const listeners = new Set<() => void>();
let ticker: ReturnType<typeof setInterval> | undefined;

/** One timer for every timestamp on the page, so "2 minutes ago" keeps true. */
function useMinuteTick(): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    listeners.add(listener);
    ticker ??= setInterval(() => listeners.forEach((l) => l()), 30_000);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && ticker) {
        clearInterval(ticker);
        ticker = undefined;
      }
    };
  }, []);
}

export function relativeTime(iso: string, language: Language, now = Date.now()): string {
  const date = new Date(iso);
  const seconds = Math.round((date.getTime() - now) / 1000);
  if (Number.isNaN(seconds)) return iso;
  if (Math.abs(seconds) < 45) return language === "az" ? "indicə" : "just now";
  const format = new Intl.RelativeTimeFormat(language === "az" ? "az" : "en", { numeric: "auto" });
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return format.format(minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return format.format(hours, "hour");
  const days = Math.round(hours / 24);
  if (Math.abs(days) < 7) return format.format(days, "day");
  return formatDateTime(iso, language);
}

/** "5 minutes ago", with the exact time on hover (and for screen readers in `dateTime`). */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const { language } = useI18n();
  useMinuteTick();
  const title = formatDateTime(iso, language);
  return (
    <time className={className ?? "message-time"} dateTime={iso} title={title}>
      {relativeTime(iso, language)}
    </time>
  );
}
