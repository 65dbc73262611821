import { useState } from "react";
import type { Options } from "../options";

// Sign-in by e-mailed link; in the demo, one click per demo user as well.
export function SignIn({ options }: { options: Options | null }) {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [demoUser, setDemoUser] = useState("");
  const expired = new URLSearchParams(window.location.search).get("signin") === "expired";

  async function ask(event: React.FormEvent) {
    event.preventDefault();
    await fetch("/auth/link", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email }),
    });
    setSent(true);
  }

  async function demo() {
    const r = await fetch("/auth/demo", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: demoUser || options?.demoUsers[0] }),
    });
    if (r.ok) window.location.assign("/");
  }

  return (
    <section className="card signin">
      <h1>Sign in</h1>
      {expired ? (
        <p className="error" role="alert">That sign-in link has been used or has expired. Ask for a new one.</p>
      ) : null}
      {sent ? (
        <p className="ok" data-testid="link-sent" role="status">
          If {email} belongs to an account, a sign-in link is on its way. It works once, for 15 minutes.
        </p>
      ) : (
        <form onSubmit={ask}>
          <label htmlFor="email">Your e-mail address</label>
          <input id="email" type="email" required autoComplete="email" value={email}
            onChange={(e) => setEmail(e.target.value)} data-testid="email" />
          <button className="primary" type="submit" data-testid="send-link">E-mail me a sign-in link</button>
        </form>
      )}
      {options && options.demoUsers.length ? (
        <div className="demo">
          <h2>Demo</h2>
          <label htmlFor="demo-user">Sign in as</label>
          <select id="demo-user" data-testid="demo-user" value={demoUser}
            onChange={(e) => setDemoUser(e.target.value)}>
            {options.demoUsers.map((u) => <option key={u}>{u}</option>)}
          </select>
          <button type="button" className="primary" onClick={demo} data-testid="demo-sign-in">Sign in</button>
        </div>
      ) : null}
    </section>
  );
}
