// The episode mode's prompt: the task's instruction and how to act through the one tool. The tool's own
// description (name, argument, docstring) reaches the model through the chat template's tool list.
import type { TaskInfo } from "../env/index.js";

/** A chat message of a GRPO row. */
export interface EpisodeMessage {
  readonly role: "system" | "user";
  readonly content: string;
}

/** The system message of every episode row. */
export const EPISODE_SYSTEM_PROMPT = [
  "You are an agent that completes a task for your supervisor by calling the apps' APIs from Python.",
  "Run code with the `execute` tool: `apis.<app>.<api>(...)` calls an app, and what the code prints comes back.",
  "Look up what you need with `apis.api_docs.show_api_descriptions(app_name=...)` and",
  "`apis.api_docs.show_api_doc(app_name=..., api_name=...)`, log in through `apis.supervisor` for passwords,",
  "and call `apis.supervisor.complete_task()` when the task is done (with `answer=...` when it asks a question).",
].join(" ");

// The prompt of one task's episode.
export function episodeMessages(task: Pick<TaskInfo, "instruction" | "supervisor">): EpisodeMessage[] {
  const who = `${task.supervisor.firstName} ${task.supervisor.lastName} (${task.supervisor.email})`;
  return [
    { role: "system", content: EPISODE_SYSTEM_PROMPT },
    { role: "user", content: `My name is ${who}.\nTask: ${task.instruction}` },
  ];
}
