// The account APIs built on one-time codes: verification (for apps that verify users) and password reset.
import { fail, p, MESSAGE, type ApiDeclaration } from "./define.js";
import { registeredUser, setPassword, type AccountApiSpec, type AccountRow, type CodeKind } from "./account-spec.js";
import type { AuthCode, Person, WorldState } from "../state.js";

// A new code replaces the user's previous one of the same kind.
function sendCode<A extends AccountRow>(
  state: WorldState,
  spec: AccountApiSpec<A>,
  sent: { username: string; kind: CodeKind },
): void {
  const { username, kind } = sent;
  let h = (state.seed ^ spec.codes.salt) >>> 0;
  for (const ch of `${spec.codes.key(username, kind)}:${state.authCodes.length}`)
    h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const code = String(h % 1_000_000).padStart(6, "0");
  state.authCodes = state.authCodes.filter((c) => !(c.app === spec.app && c.username === username && c.kind === kind));
  state.authCodes.push({ app: spec.app, username, kind, code });
}

// Codes are single-use: a matching one is removed.
function takeCode(state: WorldState, given: Omit<AuthCode, "code"> & { code: unknown }): boolean {
  const found = state.authCodes.find(
    (c) => c.app === given.app && c.username === given.username && c.kind === given.kind && c.code === given.code,
  );
  if (found) state.authCodes = state.authCodes.filter((c) => c !== found);
  return Boolean(found);
}

/** send_verification_code and verify_account, for apps that make users verify before logging in. */
export function verificationApis<A extends AccountRow>(spec: AccountApiSpec<A>): ApiDeclaration[] {
  const { verification, username } = spec;
  if (!verification) return [];
  const accountOfPerson = (state: WorldState, person: Person) =>
    spec.accounts.list(state).find((a) => a.userId === person.id);
  return [
    {
      name: "send_verification_code",
      method: "POST",
      path: "/send_verification_code",
      description: `Send account verification code to your ${username.noun}.`,
      params: [username.lookupParam],
      response: MESSAGE,
      handler: (c) => {
        const person = registeredUser(c.state, { spec, value: c.args[username.field] });
        const account = accountOfPerson(c.state, person);
        if (account && verification.isVerified(account)) fail("Your account is already verified.");
        sendCode(c.state, spec, { username: username.of(person), kind: "verification" });
        return { message: `Verification code sent to your ${username.noun}.` };
      },
    },
    {
      name: "verify_account",
      method: "POST",
      path: "/verify_account",
      description: `Verify your account using the verification code sent to your ${username.noun}.`,
      params: [
        username.lookupParam,
        p.str("verification_code", `The verification code sent to your ${username.noun}.`),
      ],
      response: MESSAGE,
      handler: (c) => {
        const person = registeredUser(c.state, { spec, value: c.args[username.field] });
        const code = {
          app: spec.app,
          username: username.of(person),
          kind: "verification" as const,
          code: c.args.verification_code,
        };
        if (!takeCode(c.state, code)) fail("Invalid verification code.");
        const account = accountOfPerson(c.state, person);
        if (account) verification.markVerified(account);
        return { message: "Account verified. You can now login." };
      },
    },
  ];
}

/** send_password_reset_code and reset_password. */
export function passwordResetApis<A extends AccountRow>(spec: AccountApiSpec<A>): ApiDeclaration[] {
  const { app, username } = spec;
  return [
    {
      name: "send_password_reset_code",
      method: "POST",
      path: "/send_password_reset_code",
      description: `Send password reset code to your ${username.noun}.`,
      params: [username.lookupParam],
      response: MESSAGE,
      handler: (c) => {
        const person = registeredUser(c.state, { spec, value: c.args[username.field] });
        sendCode(c.state, spec, { username: username.of(person), kind: "password_reset" });
        return { message: `Password reset code sent to your ${username.noun}.` };
      },
    },
    {
      name: "reset_password",
      method: "POST",
      path: "/reset_password",
      // AppWorld says "email address" here for every app.
      description: "Reset your password using the password reset code sent to your email address.",
      params: [
        username.lookupParam,
        p.str("password_reset_code", `The password reset code sent to your ${username.noun}.`),
        p.str("new_password", "Your new password.", { minLength: 5 }),
      ],
      response: MESSAGE,
      handler: (c) => {
        const person = registeredUser(c.state, { spec, value: c.args[username.field] });
        const code = {
          app,
          username: username.of(person),
          kind: "password_reset" as const,
          code: c.args.password_reset_code,
        };
        if (!takeCode(c.state, code)) fail("Invalid password reset code.");
        setPassword(c.state, { app, person, password: c.args.new_password });
        return { message: "Password reset successful." };
      },
    },
  ];
}
