// A stand-in for a real model endpoint (OpenAI, Azure OpenAI, vLLM's OpenAI server) in tests.
// It is a real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions wire format, so the
// `openai` SDK and plain fetch clients talk to it exactly as they would to a hosted model; the replies
// themselves are scripted by the test (content, HTTP errors, delays, a request that never answers).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One chat message as sent by a client. */
export interface ChatMessage {
  readonly role: string;
  readonly content: unknown;
  readonly [key: string]: unknown;
}

/** The parsed JSON body of `POST /v1/chat/completions`. */
export interface ChatRequestBody {
  readonly model?: string;
  readonly messages?: readonly ChatMessage[];
  readonly [key: string]: unknown;
}

/** A request the server received: its body (parsed JSON) and headers (lower-case names). */
export interface ChatRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ChatRequestBody;
}

/**
 * What the server answers to one chat request:
 * - `{content, usage?}`: a 200 chat.completion whose single choice holds `content`;
 * - `{status, body?}`: that HTTP status with `body` as JSON (default: an OpenAI-style error object);
 * - `{delayMs, then}`: wait, then answer with `then`;
 * - `{hang: true}`: never answer (the client's timeout or abort must end it).
 */
export type ScriptedReply =
  | {
      readonly content: string;
      readonly usage?: { readonly prompt_tokens: number; readonly completion_tokens: number };
    }
  | { readonly status: number; readonly body?: unknown }
  | { readonly delayMs: number; readonly then: ScriptedReply }
  | { readonly hang: true };

/** The script: a list answered in order (request i gets entry i), or a function of the request. */
export type ReplyScript = readonly ScriptedReply[] | ((request: ChatRequest, index: number) => ScriptedReply);

/** A started server; `baseUrl` ends with `/v1`, ready for `new OpenAI({baseURL})`. */
export interface ScriptedOpenAiServer {
  readonly baseUrl: string;
  /** Every chat request received so far, in arrival order. */
  readonly requests: ChatRequest[];
  close(): Promise<void>;
}

const DEFAULT_MODEL = "scripted-model";

// Start the server on an ephemeral port and resolve once it listens.
export async function startScriptedOpenAiServer(script: ReplyScript): Promise<ScriptedOpenAiServer> {
  const requests: ChatRequest[] = [];
  let created = 1_700_000_000;
  const server = createServer((req, res) => {
    void handleRequest(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(`test server failed: ${String(error)}`, "server_error"));
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method === "GET" && path === "/v1/models") {
      sendJson(res, 200, {
        object: "list",
        data: [{ id: DEFAULT_MODEL, object: "model", created, owned_by: "agentft-test" }],
      });
      return;
    }
    if (req.method !== "POST" || path !== "/v1/chat/completions") {
      sendJson(res, 404, errorBody(`no route ${req.method} ${path}`, "invalid_request_error"));
      return;
    }
    const text = await readBody(req);
    let body: ChatRequestBody;
    try {
      body = JSON.parse(text) as ChatRequestBody;
    } catch {
      sendJson(res, 400, errorBody("request body is not JSON", "invalid_request_error"));
      return;
    }
    const request: ChatRequest = { method: req.method, path, headers: flattenHeaders(req), body };
    const index = requests.length;
    requests.push(request);
    const reply = pickReply(script, request, index);
    await answer(res, reply, body.model ?? DEFAULT_MODEL, index);
  }

  async function answer(res: ServerResponse, reply: ScriptedReply, model: string, index: number): Promise<void> {
    if ("hang" in reply) return;
    if ("delayMs" in reply) {
      await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if (res.destroyed) return;
      await answer(res, reply.then, model, index);
      return;
    }
    if ("status" in reply) {
      sendJson(res, reply.status, reply.body ?? errorBody(`scripted HTTP ${reply.status}`, statusType(reply.status)));
      return;
    }
    created += 1;
    const usage = reply.usage ?? {
      prompt_tokens: 10,
      completion_tokens: Math.max(1, Math.ceil(reply.content.length / 4)),
    };
    sendJson(res, 200, {
      id: `chatcmpl-scripted-${index}`,
      object: "chat.completion",
      created,
      model,
      choices: [
        { index: 0, message: { role: "assistant", content: reply.content }, logprobs: null, finish_reason: "stop" },
      ],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging replies keep their sockets open; drop them so close() never waits on a test's own hang.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function pickReply(script: ReplyScript, request: ChatRequest, index: number): ScriptedReply {
  if (typeof script === "function") return script(request, index);
  const list = script as readonly ScriptedReply[];
  return (
    list[index] ?? {
      status: 500,
      body: errorBody(`the test script has ${list.length} replies; request ${index + 1} has none`, "server_error"),
    }
  );
}

function statusType(status: number): string {
  if (status === 429) return "rate_limit_exceeded";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

function errorBody(message: string, type: string): unknown {
  return { error: { message, type, param: null, code: null } };
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
