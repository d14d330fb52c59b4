/** @jsxImportSource hono/jsx */
import { Layout } from "../render.js";
import { CSRF_FIELD } from "../session.js";

const REASONS: Record<string, string> = {
  expired: "Your session ended after a period without activity. Sign in again to continue.",
  revoked: "The API key of your session has been revoked. Sign in with a current key.",
  "signed-out": "You are signed out.",
};

export function SignInPage(props: { token: string; next: string; reason?: string | undefined; failed?: boolean }) {
  return (
    <Layout title="Sign in">
      <h1>Sign in</h1>
      <p class="lead">
        Sign in with the API key your organisation's administrator gave you. The key is exchanged for a session that
        ends after 30 minutes without activity; it is not kept in the browser.
      </p>
      {props.reason && REASONS[props.reason] ? (
        <p class="notice" role="status">
          {REASONS[props.reason]}
        </p>
      ) : null}
      {props.failed ? (
        <div class="error" role="alert">
          This key is unknown or revoked. Check that you copied all of it (it starts with <code>cra_</code>).
        </div>
      ) : null}
      <form method="post" action="/sign-in" class="card">
        <input type="hidden" name={CSRF_FIELD} value={props.token} />
        <input type="hidden" name="next" value={props.next} />
        <div class="field">
          <label for="api-key">API key</label>
          <input id="api-key" name="apiKey" type="password" autocomplete="off" required size={52} />
        </div>
        <button type="submit">Sign in</button>
      </form>
      <div class="card">
        <h2>No key yet?</h2>
        <p>
          Whoever runs this service creates the first key on its machine:{" "}
          <code>node bin/cra-assessor.js keys create --org acme --role manufacturer</code> (roles: manufacturer, ci,
          regulator, admin). An administrator can then create further keys under Organisations and keys.
        </p>
      </div>
    </Layout>
  );
}
