import { useCallback, useEffect, useState } from "react";

/** Light or dark: the system's choice until the user picks one (kept in localStorage). */
export type Theme = "light" | "dark";

const STORAGE_KEY = "yonca.theme";
const systemLight = () => typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: light)").matches;

function storedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === "light" || value === "dark" ? value : null;
  } catch {
    return null;
  }
}

export function resolvedTheme(): Theme {
  return storedTheme() ?? (systemLight() ? "light" : "dark");
}

/** Called before the first render, so the page never flashes the other theme. */
export function applyTheme(theme: Theme = resolvedTheme()): void {
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
}

/** At startup: apply the theme, and keep following the system (or another tab's choice) on every screen. */
export function startTheme(): void {
  applyTheme();
  if (typeof matchMedia === "function") matchMedia("(prefers-color-scheme: light)").addEventListener("change", () => applyTheme());
  window.addEventListener("storage", (event) => {
    if (event.key === STORAGE_KEY) applyTheme();
  });
}

export function useTheme(): { theme: Theme; toggle(): void } {
  const [theme, setTheme] = useState<Theme>(resolvedTheme);

  useEffect(() => {
    applyTheme(theme);
  }, [theme]);

  // Follow the system while the user has not chosen; other tabs' choices arrive through storage events.
  useEffect(() => {
    const media = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: light)") : null;
    const onSystem = () => {
      if (!storedTheme()) setTheme(systemLight() ? "light" : "dark");
    };
    const onStorage = (event: StorageEvent) => {
      if (event.key === STORAGE_KEY) setTheme(resolvedTheme());
    };
    media?.addEventListener("change", onSystem);
    window.addEventListener("storage", onStorage);
    return () => {
      media?.removeEventListener("change", onSystem);
      window.removeEventListener("storage", onStorage);
    };
  }, []);

  const toggle = useCallback(() => {
    setTheme((current) => {
      const next = current === "dark" ? "light" : "dark";
      try {
        localStorage.setItem(STORAGE_KEY, next);
      } catch {
        // No storage: the choice lasts for this page.
      }
      return next;
    });
  }, []);

  return { theme, toggle };
}
