// A small Markdown → HTML converter for notebook text cells: headings, paragraphs, emphasis, code,
// lists, block quotes, rules, links, images and GFM tables. Raw HTML passes through, as in Jupyter.

import { escapeHtml } from "../html/index.js";

export { escapeHtml };

// Escape `&` and a `<` that does not open a tag, so inline HTML in the cell keeps working.
function escapeKeepingTags(text: string): string {
  return text
    .replaceAll(/&(?![a-zA-Z]+;|#\d+;|#x[\da-fA-F]+;)/g, "&amp;")
    .replaceAll(/<(?!\/?[a-zA-Z][^<>]*>)/g, "&lt;");
}

function safeUrl(url: string): string {
  return /^\s*javascript:/i.test(url) ? "#" : escapeHtml(url);
}

// Inline syntax: code spans first (their content is literal), then images, links, emphasis.
export function renderInline(text: string, resolveImage: (src: string) => string = (src) => src): string {
  const codeSpans: string[] = [];
  let out = text.replaceAll(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_match, _ticks, code: string) => {
    codeSpans.push(`<code>${escapeHtml(code.trim())}</code>`);
    return `\u0000${codeSpans.length - 1}\u0000`;
  });
  out = escapeKeepingTags(out);
  out = out.replaceAll(
    /!\[([^\]]*)\]\(([^)\s]+)(?:\s+"([^"]*)")?\)/g,
    (_m, alt: string, src: string, title?: string) =>
      `<img src="${safeUrl(resolveImage(src))}" alt="${escapeHtml(alt)}"${title ? ` title="${escapeHtml(title)}"` : ""}>`,
  );
  out = out.replaceAll(
    /\[([^\]]+)\]\(([^)\s]+)(?:\s+"([^"]*)")?\)/g,
    (_m, label: string, href: string) => `<a href="${safeUrl(href)}">${label}</a>`,
  );
  out = out.replaceAll(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, "<strong>$2</strong>");
  out = out.replaceAll(/(^|[^*\w])[*_](?=\S)([^*_]*?\S)[*_](?![*\w])/g, "$1<em>$2</em>");
  out = out.replaceAll(/~~(?=\S)([\s\S]*?\S)~~/g, "<del>$1</del>");
  return out.replaceAll(/\u0000(\d+)\u0000/g, (_m, index: string) => codeSpans[Number(index)] ?? "");
}

function splitRow(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const LIST_ITEM = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;

// Convert a Markdown document to HTML.
export function renderMarkdown(source: string, resolveImage?: (src: string) => string): string {
  const lines = source.replaceAll("\r\n", "\n").split("\n");
  const html: string[] = [];
  const inline = (text: string): string => renderInline(text, resolveImage);
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? "";
    const fence = /^\s*(```|~~~)\s*([\w+-]*)/.exec(line);
    if (fence) {
      const body: string[] = [];
      for (i++; i < lines.length && !(lines[i] ?? "").trim().startsWith(fence[1] ?? "```"); i++)
        body.push(lines[i] ?? "");
      i++;
      const language = fence[2] ? ` class="language-${escapeHtml(fence[2])}"` : "";
      html.push(`<pre><code${language}>${escapeHtml(body.join("\n"))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = heading[1]?.length ?? 1;
      html.push(`<h${level}>${inline(heading[2] ?? "")}</h${level}>`);
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      html.push("<hr>");
      i++;
      continue;
    }
    if (line.includes("|") && TABLE_RULE.test(lines[i + 1] ?? "")) {
      const header = splitRow(line);
      const align = splitRow(lines[i + 1] ?? "").map((rule) =>
        rule.startsWith(":") && rule.endsWith(":")
          ? "center"
          : rule.endsWith(":")
            ? "right"
            : rule.startsWith(":")
              ? "left"
              : "",
      );
      const cell = (tag: string, text: string, index: number): string =>
        `<${tag}${align[index] ? ` style="text-align:${align[index]}"` : ""}>${inline(text)}</${tag}>`;
      const rows: string[] = [];
      for (i += 2; i < lines.length && (lines[i] ?? "").includes("|") && (lines[i] ?? "").trim() !== ""; i++) {
        rows.push(
          `<tr>${splitRow(lines[i] ?? "")
            .map((text, index) => cell("td", text, index))
            .join("")}</tr>`,
        );
      }
      html.push(
        `<table><thead><tr>${header.map((text, index) => cell("th", text, index)).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>`,
      );
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quoted: string[] = [];
      for (; i < lines.length && /^\s*>/.test(lines[i] ?? ""); i++)
        quoted.push((lines[i] ?? "").replace(/^\s*>\s?/, ""));
      html.push(`<blockquote>${renderMarkdown(quoted.join("\n"), resolveImage)}</blockquote>`);
      continue;
    }
    if (LIST_ITEM.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items: string[] = [];
      for (; i < lines.length; i++) {
        const item = LIST_ITEM.exec(lines[i] ?? "");
        if (item) items.push(item[3] ?? "");
        else if (/^\s+\S/.test(lines[i] ?? "") && items.length > 0)
          items[items.length - 1] += ` ${(lines[i] ?? "").trim()}`;
        else break;
      }
      const tag = ordered ? "ol" : "ul";
      html.push(`<${tag}>${items.map((item) => `<li>${inline(item)}</li>`).join("")}</${tag}>`);
      continue;
    }
    if (line.trim() === "") {
      i++;
      continue;
    }
    // A paragraph runs until a blank line or the start of another block.
    const paragraph: string[] = [];
    for (; i < lines.length; i++) {
      const next = lines[i] ?? "";
      if (
        next.trim() === "" ||
        /^(#{1,6}\s|\s*(```|~~~)|\s*>)/.test(next) ||
        (paragraph.length > 0 && LIST_ITEM.test(next))
      )
        break;
      paragraph.push(next);
    }
    const text = paragraph.join("\n");
    html.push(/^\s*<[a-zA-Z!/]/.test(text) ? inline(text) : `<p>${inline(text)}</p>`);
  }
  return html.join("\n");
}
