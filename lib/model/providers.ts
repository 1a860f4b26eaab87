// Provider presets: where each kind of OpenAI-compatible server listens by default and where its key lives.
import { ConfigError } from "../errors.js";

/** The server kinds a model config can name. */
export const PROVIDERS = ["openai", "azure", "vllm", "ollama", "llamacpp"] as const;
export type Provider = (typeof PROVIDERS)[number];

/** What a preset fixes: the base URL when none is given, the key variable, and whether a key is required. */
export interface ProviderPreset {
  /** undefined: Azure, whose endpoint is the resource's own. */
  readonly defaultBaseUrl: string | undefined;
  /** The provider's own key variable, read after `AGENTFT_API_KEY`. */
  readonly keyEnv: string | undefined;
  /** Hosted APIs refuse a request without a key; local servers accept any bearer token. */
  readonly keyRequired: boolean;
}

export const OPENAI_BASE_URL = "https://api.openai.com/v1";

const PRESETS: Readonly<Record<Provider, ProviderPreset>> = {
  openai: { defaultBaseUrl: OPENAI_BASE_URL, keyEnv: "OPENAI_API_KEY", keyRequired: true },
  azure: { defaultBaseUrl: undefined, keyEnv: "AZURE_OPENAI_API_KEY", keyRequired: true },
  // `vllm serve` listens on 8000 and checks a key only when started with --api-key / VLLM_API_KEY.
  vllm: { defaultBaseUrl: "http://localhost:8000/v1", keyEnv: "VLLM_API_KEY", keyRequired: false },
  ollama: { defaultBaseUrl: "http://localhost:11434/v1", keyEnv: undefined, keyRequired: false },
  // llama.cpp's `llama-server` listens on 8080.
  llamacpp: { defaultBaseUrl: "http://localhost:8080/v1", keyEnv: undefined, keyRequired: false },
};

// The preset of a provider.
export function providerPreset(provider: Provider): ProviderPreset {
  return PRESETS[provider];
}

/** The endpoint fields `resolveEndpoint` reads from a parsed config. */
export interface EndpointSettings {
  readonly provider: Provider;
  readonly baseUrl?: string | undefined;
  readonly apiKeyEnv?: string | undefined;
  readonly azure?: { readonly endpoint?: string | undefined; readonly apiVersion?: string | undefined } | undefined;
}

/** Where requests go and with which key; `apiVersion` only for Azure. */
export interface ResolvedEndpoint {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly apiVersion: string | undefined;
}

const DEFAULT_AZURE_API_VERSION = "2024-10-21";

// Resolve base URL, key and api-version from the config, an explicit key and the environment, in that order.
export function resolveEndpoint(
  config: EndpointSettings,
  options: { readonly apiKey?: string | undefined; readonly env: NodeJS.ProcessEnv },
): ResolvedEndpoint {
  const { env } = options;
  const preset = providerPreset(config.provider);
  if (config.provider === "azure") {
    const baseUrl = config.azure?.endpoint ?? env["AZURE_OPENAI_ENDPOINT"] ?? config.baseUrl;
    if (!baseUrl) {
      throw new ConfigError("Azure OpenAI needs an endpoint: set `model.azure.endpoint` or AZURE_OPENAI_ENDPOINT.", [
        { path: "model.azure.endpoint", message: "missing" },
      ]);
    }
    const apiVersion = config.azure?.apiVersion ?? env["OPENAI_API_VERSION"] ?? DEFAULT_AZURE_API_VERSION;
    return { baseUrl, apiKey: resolveApiKey(config, preset, baseUrl, options), apiVersion };
  }
  const fromEnv = env["AGENTFT_BASE_URL"] || (config.provider === "openai" ? env["OPENAI_BASE_URL"] : undefined);
  const baseUrl = (config.baseUrl ?? (fromEnv || preset.defaultBaseUrl) ?? OPENAI_BASE_URL).replace(/\/+$/, "");
  return { baseUrl, apiKey: resolveApiKey(config, preset, baseUrl, options), apiVersion: undefined };
}

function resolveApiKey(
  config: EndpointSettings,
  preset: ProviderPreset,
  baseUrl: string,
  options: { readonly apiKey?: string | undefined; readonly env: NodeJS.ProcessEnv },
): string {
  const { env } = options;
  if (options.apiKey) return options.apiKey;
  if (config.apiKeyEnv !== undefined) {
    const key = env[config.apiKeyEnv];
    if (!key) {
      throw new ConfigError(
        `The API key variable \`${config.apiKeyEnv}\` (from \`model.apiKeyEnv\`) is not set; export it before running.`,
        [{ path: "model.apiKeyEnv", message: "variable not set" }],
      );
    }
    return key;
  }
  const key = env["AGENTFT_API_KEY"] || (preset.keyEnv === undefined ? undefined : env[preset.keyEnv]);
  if (key) return key;
  // An `openai` config pointed at another server (vLLM, a proxy) may need no key; OpenAI itself always does.
  if (preset.keyRequired && (config.provider === "azure" || baseUrl === OPENAI_BASE_URL)) {
    const names = `AGENTFT_API_KEY or ${preset.keyEnv}`;
    throw new ConfigError(
      `No API key for ${baseUrl}: set ${names}, pass the key to \`createModelClient\` (CLI: --api-key where offered), or name another variable with \`apiKeyEnv\`.`,
      [{ path: "model.apiKeyEnv", message: "no API key in the environment" }],
    );
  }
  return "not-needed";
}
