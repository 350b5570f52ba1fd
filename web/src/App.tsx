import { useState } from "react";
import { ChatScreen } from "./components/ChatScreen.js";
import { SignIn } from "./components/SignIn.js";
import { UpdatePrompt } from "./components/UpdatePrompt.js";

/**
 * The page starts on the chat: its socket is the first request, and the server refusing it as
 * unauthorised is what shows the sign-in screen (no plugin's route is needed to know who is signed in).
 */
type Phase = { kind: "chat"; attempt: number } | { kind: "signedOut"; notice?: "signedOutElsewhere"; attempt: number };

export function App() {
  return (
    <>
      <Screens />
      <UpdatePrompt />
    </>
  );
}

function Screens() {
  const [phase, setPhase] = useState<Phase>({ kind: "chat", attempt: 0 });

  switch (phase.kind) {
    case "signedOut":
      return <SignIn notice={phase.notice} onSignedIn={async () => setPhase({ kind: "chat", attempt: phase.attempt + 1 })} />;
    case "chat":
      return (
        <ChatScreen
          key={phase.attempt}
          user={null}
          onSignedOut={(why) =>
            setPhase({ kind: "signedOut", notice: why === "elsewhere" ? "signedOutElsewhere" : undefined, attempt: phase.attempt + 1 })
          }
        />
      );
  }
}
