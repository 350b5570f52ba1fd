import { useEffect, useRef, useState, type ReactNode } from "react";
import { useI18n } from "../i18n.js";

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface Props {
  id: string;
  side: "left" | "right";
  /** Under 900 px the column becomes an off-canvas drawer. */
  narrow: boolean;
  open: boolean;
  onClose(): void;
  label: string;
  className?: string;
  children: ReactNode;
}

/**
 * A sidebar column on wide screens, a modal drawer on narrow ones. While closed on a narrow screen it
 * is inert, so keyboard users do not tab into what they cannot see; the rest of the page is made inert
 * by the parent while it is open.
 */
export function Drawer({ id, side, narrow, open, onClose, label, className, children }: Props) {
  const { t } = useI18n();
  const ref = useRef<HTMLElement>(null);
  const modal = narrow && open;
  // Slide only when opened or closed, not when a resize turns the column into a drawer.
  const [animated, setAnimated] = useState(false);
  useEffect(() => {
    if (!narrow) return setAnimated(false);
    const frame = requestAnimationFrame(() => setAnimated(true));
    return () => cancelAnimationFrame(frame);
  }, [narrow]);

  useEffect(() => {
    if (!modal) return;
    const panel = ref.current;
    const first = panel?.querySelector<HTMLElement>("[data-autofocus]") ?? panel?.querySelector<HTMLElement>("button, [href], input, select, textarea");
    first?.focus();
    const onKey = (event: KeyboardEvent) => {
      // A modal dialog inside the drawer handles its own Escape (and keeps its own focus).
      if (document.querySelector("dialog[open]")) return;
      if (event.key === "Escape") {
        event.stopPropagation();
        onClose();
      }
      // Tab wraps inside the open drawer: past its last control focus would reach the skip link and the page.
      if (event.key === "Tab" && panel) {
        const focusable = [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
        const first = focusable[0];
        const last = focusable[focusable.length - 1];
        if (!first || !last) return;
        const inside = panel.contains(document.activeElement);
        if (event.shiftKey && (document.activeElement === first || !inside)) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
          event.preventDefault();
          first.focus();
        }
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [modal, onClose]);

  return (
    <>
      {modal && <div className="drawer-backdrop" onClick={onClose} aria-hidden="true" />}
      <aside
        id={id}
        ref={ref}
        className={`sidebar sidebar--${side}${narrow ? " sidebar--drawer" : ""}${animated ? " sidebar--animated" : ""}${modal ? " is-open" : ""}${className ? ` ${className}` : ""}`}
        aria-label={label}
        role={modal ? "dialog" : undefined}
        aria-modal={modal || undefined}
        inert={narrow && !open}
      >
        {narrow && (
          <button type="button" className="icon-button drawer-close" onClick={onClose} aria-label={t("close")} data-autofocus>
            <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
            </svg>
          </button>
        )}
        {children}
      </aside>
    </>
  );
}
