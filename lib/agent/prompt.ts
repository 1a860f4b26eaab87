// Prompts of both agents: json-react's step prompt comes from lib/data (the seed's one copy); code-react's few-shot lives here.
import { renderStepPrompt, type PreviousStep, type StepTemplateName } from "../data/index.js";
import type { ChatMessage } from "../model/index.js";

/** Who the agent acts for, as `/initialize` reports it. */
export interface PromptSupervisor {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phoneNumber: string;
}

// The code-react few-shot, in AppWorld's minimal-ReAct layout: USER/ASSISTANT turns, code in python fences,
// outputs echoed back. The worked example (a balance question) matches the embedded world's API names.
const CODE_REACT_FEW_SHOT = `USER:
I am your supervisor. You are my assistant and you carry out my day-to-day tasks on my apps by yourself, without asking me anything.
You act by writing Python code, one small step at a time, in a REPL where \`apis.<app>.<api>(...)\` calls my apps. I run each step and show you its output; you read it and write the next step, until the task is done.
Three calls tell you what exists:

# the apps you can use
apis.api_docs.show_app_descriptions()
# the APIs of one app, e.g. venmo
apis.api_docs.show_api_descriptions(app_name='venmo')
# the full specification of one API
apis.api_docs.show_api_doc(app_name='venmo', api_name='show_venmo_balance')

Here is a worked example first.

My name is: Maya Okafor. My personal email is maya.okafor@example.com and phone number is 5550142233.
Task: How much money is in my Venmo balance?

ASSISTANT:
Let me see which venmo APIs there are.

\`\`\`python
print(apis.api_docs.show_api_descriptions(app_name='venmo'))
\`\`\`

USER:
Output:
\`\`\`
[
 {"name": "login", "description": "Login to your account."},
 {"name": "show_venmo_balance", "description": "Show your Venmo balance."},
 ...
]
\`\`\`

ASSISTANT:
\`show_venmo_balance\` looks right. What does it need?

\`\`\`python
print(apis.api_docs.show_api_doc(app_name='venmo', api_name='show_venmo_balance'))
\`\`\`

USER:
Output:
\`\`\`
{"app_name": "venmo", "api_name": "show_venmo_balance", "path": "/venmo/balance", "method": "GET",
 "parameters": [{"name": "access_token", "type": "string", "required": true, "description": "Access token obtained from venmo app login."}],
 "response_schemas": {"success": {"venmo_balance": 0.0}, "failure": {"message": "string"}}}
\`\`\`

ASSISTANT:
It needs an access token, so I log in with my venmo password from the supervisor app first.

\`\`\`python
passwords = apis.supervisor.show_account_passwords()
venmo_password = next(entry["password"] for entry in passwords if entry["account_name"] == "venmo")
token = apis.venmo.login(username="maya.okafor@example.com", password=venmo_password)["access_token"]
print(apis.venmo.show_venmo_balance(access_token=token))
\`\`\`

USER:
Output:
\`\`\`
{"venmo_balance": 212.4}
\`\`\`

ASSISTANT:
The balance is 212.4. The task asks a question, so I give the answer when I complete it.

\`\`\`python
apis.supervisor.complete_task(answer=212.4)
\`\`\`

USER:
Output:
\`\`\`
Execution successful.
\`\`\`

USER:
Rules for the real task:
- Write one short step at a time and read its output before going on; do not guess API names or parameters, look them up.
- Log in to an app with the password from \`apis.supervisor.show_account_passwords()\`.
- Lists are paginated: loop over \`page_index\` until a page comes back empty.
- Find people in my phone contacts or on venmo; never make up emails or phone numbers.
- When the task is done, call \`apis.supervisor.complete_task()\`, with \`answer=...\` if the task asked a question. If it cannot be done, call \`apis.supervisor.complete_task(status="fail")\`.

USER:
Now the real task.

My name is: {first_name} {last_name}. My personal email is {email} and phone number is {phone_number}.
Task: {instruction}
`;

/** The few-shot text with its `{placeholders}`, for inspection in notebooks. */
export const CODE_REACT_PROMPT_TEMPLATE = CODE_REACT_FEW_SHOT;

// Split a `USER:` / `ASSISTANT:` / `SYSTEM:` text into chat messages, as AppWorld's minimal agent does.
export function splitPromptMessages(text: string): ChatMessage[] {
  const parts = text.split(/(USER|ASSISTANT|SYSTEM):\n/);
  const messages: ChatMessage[] = [];
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const role = (parts[i] as string).toLowerCase() as ChatMessage["role"];
    messages.push({ role, content: (parts[i + 1] as string).trim() });
  }
  return messages;
}

// The first messages of a code-react episode: the few-shot example, the rules and the task.
export function buildCodeReactMessages(instruction: string, supervisor: PromptSupervisor): ChatMessage[] {
  const values: Record<string, string> = {
    first_name: supervisor.firstName,
    last_name: supervisor.lastName,
    email: supervisor.email,
    phone_number: supervisor.phoneNumber,
    instruction,
  };
  const filled = CODE_REACT_FEW_SHOT.replace(
    /\{(first_name|last_name|email|phone_number|instruction)\}/g,
    (_m, name: string) => values[name] ?? "",
  );
  return splitPromptMessages(filled);
}

// How code-react shows an execution's output to the model (the layout of the few-shot's USER turns).
export function formatCodeReactObservation(output: string): string {
  return `Output:\n\`\`\`\n${output}\n\`\`\``;
}

// The code of a code-react reply: its first ```python block (or first fenced block), else the whole reply.
export function extractCode(reply: string): string {
  const python = /```(?:python|py)[ \t]*\n([\s\S]*?)```/.exec(reply);
  if (python) return (python[1] as string).trimEnd();
  const anyFence = /```[^\n`]*\n([\s\S]*?)```/.exec(reply);
  return anyFence ? (anyFence[1] as string).trimEnd() : reply.trim();
}

// The single-message prompt of one json-react step, built by the data area's seed templates.
export function buildJsonReactMessages(
  template: StepTemplateName,
  instruction: string,
  previousSteps: readonly PreviousStep[],
): ChatMessage[] {
  return [{ role: "user", content: renderStepPrompt(template, instruction, previousSteps) }];
}
