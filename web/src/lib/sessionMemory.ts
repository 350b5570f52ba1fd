/**
 * Whether this browser held a session: set while it does, so that a refused first connection can be told
 * apart as an expired session (the sign-in screen says so) from a first visit.
 */
const HAD_SESSION = "yonca.hadSession";

export function rememberSession(had: boolean): void {
  try {
    if (had) localStorage.setItem(HAD_SESSION, "1");
    else localStorage.removeItem(HAD_SESSION);
  } catch {
    // storage may be off (private mode): the notice is only a courtesy
  }
}

export function hadSession(): boolean {
  try {
    return localStorage.getItem(HAD_SESSION) === "1";
  } catch {
    return false;
  }
}
