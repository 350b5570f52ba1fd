import { useCallback, useEffect, useState } from "react";
import type { SessionUser } from "../../server/chat/events.js";
import type { Persona } from "../../server/personas/types.js";
import { ChatScreen } from "./components/ChatScreen.js";
import { SignIn } from "./components/SignIn.js";
import { useI18n } from "./i18n.js";
import { ApiError, getMe } from "./lib/api.js";

type Phase =
  | { kind: "loading" }
  | { kind: "signedOut"; notice?: "signedOutElsewhere" }
  | { kind: "signedIn"; user: SessionUser | null; persona: Persona | null }
  | { kind: "unreachable" };

export function App() {
  const { t } = useI18n();
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });

  const load = useCallback(async () => {
    setPhase({ kind: "loading" });
    try {
      const me = await getMe();
      setPhase(me ? { kind: "signedIn", user: me.user, persona: me.persona } : { kind: "signedOut" });
    } catch (error) {
      // Signed in, but the profile cannot be loaded: the chat screen's banner says so and retries.
      if (error instanceof ApiError && error.code === "persona_unavailable") setPhase({ kind: "signedIn", user: null, persona: null });
      else setPhase({ kind: "unreachable" });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  switch (phase.kind) {
    case "loading":
      return (
        <div className="splash" role="status" aria-live="polite">
          <span className="brand-mark brand-mark--pulse" aria-hidden="true" />
          <span className="visually-hidden">{t("banner.connecting")}</span>
        </div>
      );
    case "unreachable":
      return (
        <div className="splash">
          <div className="splash-card" role="alert">
            <p>{t("serverUnreachable")}</p>
            <button type="button" className="button button--primary" onClick={() => void load()}>
              {t("tryAgain")}
            </button>
          </div>
        </div>
      );
    case "signedOut":
      return <SignIn notice={phase.notice} onSignedIn={load} />;
    case "signedIn":
      return (
        <ChatScreen
          key={phase.user?.id ?? "pending"}
          user={phase.user}
          persona={phase.persona}
          onSignedOut={(why) => setPhase({ kind: "signedOut", notice: why === "elsewhere" ? "signedOutElsewhere" : undefined })}
        />
      );
  }
}
