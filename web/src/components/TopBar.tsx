import type { ReactNode, RefObject } from "react";
import { useI18n } from "../i18n.js";
import { BrandMark } from "./BrandMark.js";
import { LanguageSwitch } from "./LanguageSwitch.js";
import { ThemeToggle } from "./ThemeToggle.js";

export type DrawerName = "conversations" | "panels";

interface Props {
  /** A narrow screen: the conversations and the side panels are drawers, opened from here. */
  narrow: boolean;
  drawer: DrawerName | null;
  onOpenDrawer(name: DrawerName): void;
  conversationsButton: RefObject<HTMLButtonElement | null>;
  panelsButton: RefObject<HTMLButtonElement | null>;
  /** Behind an open drawer: out of reach of the keyboard and screen readers. */
  inert: boolean;
  displayName: string;
  email: string | undefined;
  loggingOut: boolean;
  onLogout(): void;
}

/** The bar at the top of the chat: the drawers' buttons, the brand, theme, language, the farmer and sign-out. */
export function TopBar({ narrow, drawer, onOpenDrawer, conversationsButton, panelsButton, inert, displayName, email, loggingOut, onLogout }: Props) {
  const { t } = useI18n();
  return (
    <header className="topbar" inert={inert}>
      {narrow && (
        <DrawerButton buttonRef={conversationsButton} controls="conversations-panel" label={t("openConversations")} open={drawer === "conversations"} onOpen={() => onOpenDrawer("conversations")}>
          <path d="M4 7h16M4 12h16M4 17h10" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </DrawerButton>
      )}
      <div className="topbar-brand">
        <BrandMark size={30} />
        <span className="topbar-wordmark">{t("appName")}</span>
      </div>
      <div className="topbar-actions">
        <ThemeToggle />
        <LanguageSwitch />
        {narrow && (
          <DrawerButton buttonRef={panelsButton} controls="side-panels" label={t("openProfile")} open={drawer === "panels"} onOpen={() => onOpenDrawer("panels")}>
            <circle cx="12" cy="8" r="4" fill="none" stroke="currentColor" strokeWidth="2" />
            <path d="M4 21c1.5-4 4.5-6 8-6s6.5 2 8 6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </DrawerButton>
        )}
        <span className="topbar-user" title={email}>
          {displayName}
        </span>
        <button type="button" className="button button--ghost button--small" onClick={onLogout} disabled={loggingOut}>
          {loggingOut ? t("loggingOut") : t("logout")}
        </button>
      </div>
    </header>
  );
}

/** An icon button that opens a drawer and says whether it is open; `children` draw the icon. */
function DrawerButton({ buttonRef, controls, label, open, onOpen, children }: {
  buttonRef: RefObject<HTMLButtonElement | null>;
  controls: string;
  label: string;
  open: boolean;
  onOpen(): void;
  children: ReactNode;
}) {
  return (
    <button ref={buttonRef} type="button" className="icon-button" aria-label={label} aria-expanded={open} aria-controls={controls} onClick={onOpen}>
      <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        {children}
      </svg>
    </button>
  );
}
