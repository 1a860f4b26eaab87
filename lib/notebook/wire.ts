// The Jupyter wire protocol (messaging spec 5.3): message frames and their HMAC-SHA256 signatures.
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { AgentftError } from "../errors.js";

const DELIMITER = "<IDS|MSG>";
export const PROTOCOL_VERSION = "5.3";

/** A message header as the spec defines it. */
export interface MessageHeader {
  readonly msg_id: string;
  readonly session: string;
  readonly username: string;
  readonly date: string;
  readonly msg_type: string;
  readonly version: string;
}

/** A decoded Jupyter message; `content` is left loose because each msg_type has its own shape. */
export interface JupyterMessage {
  readonly identities: readonly Buffer[];
  readonly header: MessageHeader;
  /** Empty object for messages that answer nothing. */
  readonly parentHeader: Partial<MessageHeader>;
  readonly metadata: Record<string, unknown>;
  readonly content: Record<string, unknown>;
  readonly buffers: readonly Buffer[];
}

/** A message from the kernel was malformed or its signature did not match the connection key. */
export class WireError extends AgentftError {
  constructor(message: string) {
    super("notebook-wire", message);
    this.name = "WireError";
  }
}

// Sign the four JSON frames (header, parent header, metadata, content) with the connection key.
export function signFrames(key: string, frames: readonly (string | Buffer)[]): string {
  const hmac = createHmac("sha256", key);
  for (const frame of frames) hmac.update(frame);
  return hmac.digest("hex");
}

// Build a request header for this client's session.
export function createHeader(msgType: string, session: string): MessageHeader {
  return {
    msg_id: randomUUID(),
    session,
    username: "agentft",
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}

// Encode a message into ZeroMQ frames: [identities..., delimiter, signature, header, parent, metadata, content].
export function encodeMessage(
  key: string,
  message: {
    readonly header: MessageHeader;
    readonly content: object;
    readonly parentHeader?: object;
    readonly metadata?: object;
  },
): Buffer[] {
  const body = [
    JSON.stringify(message.header),
    JSON.stringify(message.parentHeader ?? {}),
    JSON.stringify(message.metadata ?? {}),
    JSON.stringify(message.content),
  ];
  return [Buffer.from(DELIMITER), Buffer.from(signFrames(key, body)), ...body.map((frame) => Buffer.from(frame))];
}

function parseFrame(frame: Buffer | undefined, name: string): Record<string, unknown> {
  if (frame === undefined) throw new WireError(`Kernel message is missing its ${name} frame.`);
  const value: unknown = JSON.parse(frame.toString("utf8"));
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new WireError(`Kernel message ${name} frame is not a JSON object.`);
  }
  return value as Record<string, unknown>;
}

// Decode and verify frames from the kernel; a bad signature is refused, never trusted.
export function decodeMessage(key: string, frames: readonly Buffer[]): JupyterMessage {
  const split = frames.findIndex((frame) => frame.toString("utf8") === DELIMITER);
  if (split < 0) throw new WireError("Kernel message has no `<IDS|MSG>` delimiter frame.");
  const signature = frames[split + 1]?.toString("ascii") ?? "";
  const body = frames.slice(split + 2, split + 6);
  if (body.length < 4) throw new WireError(`Kernel message has ${body.length} of the 4 JSON frames.`);
  const expected = Buffer.from(signFrames(key, body));
  const received = Buffer.from(signature);
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
    throw new WireError("Kernel message signature does not match the connection key; the message was dropped.");
  }
  return {
    identities: frames.slice(0, split),
    header: parseFrame(body[0], "header") as unknown as MessageHeader,
    parentHeader: parseFrame(body[1], "parent header") as Partial<MessageHeader>,
    metadata: parseFrame(body[2], "metadata"),
    content: parseFrame(body[3], "content"),
    buffers: frames.slice(split + 6),
  };
}
