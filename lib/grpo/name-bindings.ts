// Whether an action may change the REPL's Python names: decides if a world copy can be reused after it.
// `/load_state` restores the world's state but keeps the REPL's variables, so a world copy whose variables an
// action may have changed is rebuilt (replayed) before its next completion. The check is conservative: a false
// "may change" costs one replay, a false "cannot change" would leak one completion's variables into another's.

// Remove string literals (triple-quoted first) so `=` or keywords inside text do not count.
function stripStrings(code: string): string {
  return code
    .replace(/[rbfuRBFU]{0,2}("""[\s\S]*?"""|'''[\s\S]*?''')/g, '""')
    .replace(/[rbfuRBFU]{0,2}("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/g, '""')
    .replace(/#[^\n]*/g, "");
}

const BINDING_KEYWORDS =
  /\b(import|def|class|for|with|except|del|global|nonlocal|lambda|setattr|delattr|exec|eval|__import__)\b/;

// True unless the code surely binds, rebinds or mutates no name: only calls on `apis.…` and builtins, no assignment.
export function mayChangeReplNames(code: string): boolean {
  const text = stripStrings(code);
  if (BINDING_KEYWORDS.test(text) || text.includes(":=")) return true;
  // Keyword arguments (`f(a=1)`, `, b=2`) are not assignments.
  const withoutKeywords = text.replace(/([(,]\s*)[A-Za-z_]\w*\s*=(?!=)/g, "$1");
  if (/(^|[^=!<>])=(?!=)/.test(withoutKeywords)) return true;
  if (/[+\-*/%&|^@]=|<<=|>>=/.test(withoutKeywords)) return true;
  // A method call on anything but `apis` may mutate an object the history made (`candidates.append(x)`).
  for (const match of text.matchAll(/([\w\])"']+)\s*\.\s*[A-Za-z_]\w*\s*\(/g)) {
    const start = match.index ?? 0;
    const before = text.slice(0, start + (match[1]?.length ?? 0));
    const receiver = /([A-Za-z_][\w.]*)$/.exec(before)?.[1] ?? "";
    if (!(receiver === "apis" || receiver.startsWith("apis."))) return true;
  }
  return false;
}
