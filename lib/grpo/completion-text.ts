// The reply text of a TRL completion and the actions of a prompt's history, whatever form the data set gives them.

/** A completion as TRL passes it: plain text, or a conversational list of messages. */
export type Completion = string | readonly { readonly role?: string; readonly content?: unknown }[];

// The assistant's text: the string itself, or the contents of the assistant messages joined.
export function completionText(completion: Completion): string {
  if (typeof completion === "string") return completion;
  if (!Array.isArray(completion)) return String(completion ?? "");
  const assistant = completion.filter((m) => m?.role === undefined || m.role === "assistant");
  return assistant.map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content ?? ""))).join("\n");
}

// The earlier actions of a step prompt: a list of codes (or of `{action}` steps), or that list as JSON text.
export function historyActions(history: unknown, where: string): string[] {
  let value = history;
  if (value === undefined || value === null || value === "") return [];
  if (typeof value === "string") {
    const text = value;
    try {
      value = JSON.parse(text);
    } catch {
      throw new TypeError(
        `Expected ${where} to be a list of earlier actions (or its JSON text), got \`${text.slice(0, 80)}\` (string); give e.g. ["print(1)"].`,
      );
    }
  }
  if (!Array.isArray(value)) {
    throw new TypeError(
      `Expected ${where} to be a list of earlier actions, got ${typeof value}; give e.g. ["print(1)"] or [].`,
    );
  }
  return value.map((step, i) => {
    if (typeof step === "string") return step;
    if (step && typeof step === "object" && typeof (step as { action?: unknown }).action === "string")
      return (step as { action: string }).action;
    throw new TypeError(`Expected ${where}[${i}] to be an action string or {action}, got ${JSON.stringify(step)}.`);
  });
}
