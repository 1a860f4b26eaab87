// A seeded world with the supervisor logged in to venmo and phone, for the app suites.
import {
  createWorldState,
  createApiCaller,
  type ApiCaller,
  type ApiResponse,
  type WorldState,
} from "../../../lib/world/index.js";

export const ALL_APPS = ["api_docs", "supervisor", "phone", "venmo"] as const;

export interface LoggedInWorld {
  state: WorldState;
  call: ApiCaller;
  venmoToken: string;
  phoneToken: string;
  /** Calls a venmo API with the supervisor's token. */
  venmo: (api: string, kwargs?: Record<string, unknown>) => ApiResponse;
  /** Calls a phone API with the supervisor's token. */
  phone: (api: string, kwargs?: Record<string, unknown>) => ApiResponse;
}

export function passwordOf(call: ApiCaller, app: string): string {
  const list = call("supervisor", "show_account_passwords", {}).body as { account_name: string; password: string }[];
  const entry = list.find((e) => e.account_name === app);
  if (!entry) throw new Error(`no ${app} password`);
  return entry.password;
}

export function openWorld(seed = 7): LoggedInWorld {
  const state = createWorldState({ seed });
  const call = createApiCaller(state, { allowedApps: ALL_APPS });
  const profile = call("supervisor", "show_profile", {}).body as { email: string; phone_number: string };
  const venmoLogin = call("venmo", "login", { username: profile.email, password: passwordOf(call, "venmo") });
  const phoneLogin = call("phone", "login", { username: profile.phone_number, password: passwordOf(call, "phone") });
  const venmoToken = (venmoLogin.body as { access_token: string }).access_token;
  const phoneToken = (phoneLogin.body as { access_token: string }).access_token;
  return {
    state,
    call,
    venmoToken,
    phoneToken,
    venmo: (api, kwargs = {}) => call("venmo", api, { access_token: venmoToken, ...kwargs }),
    phone: (api, kwargs = {}) => call("phone", api, { access_token: phoneToken, ...kwargs }),
  };
}
