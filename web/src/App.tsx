import { useState } from "react";
import { ChatScreen, type SignedOutWhy } from "./components/ChatScreen.js";
import { SignIn, type SignInNotice } from "./components/SignIn.js";
import { UpdatePrompt } from "./components/UpdatePrompt.js";

/**
 * The page starts on the chat: its socket is the first request, and the server refusing it as
 * unauthorised is what shows the sign-in screen (no plugin's route is needed to know who is signed in).
 */
type Phase = { kind: "chat"; attempt: number } | { kind: "signedOut"; notice?: SignInNotice; attempt: number };

/** What the sign-in screen says about the session that ended. */
const notices: Record<SignedOutWhy, SignInNotice | undefined> = {
  self: "signedOut",
  elsewhere: "signedOutElsewhere",
  expired: "sessionExpired",
  deleted: "accountDeleted",
  none: undefined,
};

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
          onSignedOut={(why) => setPhase({ kind: "signedOut", notice: notices[why], attempt: phase.attempt + 1 })}
        />
      );
  }
}
