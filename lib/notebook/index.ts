// Public surface of the notebook area: nbformat I/O, the tslab kernel and client, parameters,
// the headless runner, the HTML renderer and the kernelspec installer.
export { CellTimeoutError, KernelDiedError, KernelStartError, NotebookExecutionError } from "./errors.js";
export type { CellFailure } from "./errors.js";
export { readNotebook, writeNotebook, parseNotebook, formatNotebook, sourceText } from "./nbformat.js";
export type {
  Cell,
  CodeCell,
  MarkdownCell,
  RawCell,
  Notebook,
  Output,
  StreamOutput,
  DisplayDataOutput,
  ExecuteResultOutput,
  ErrorOutput,
  PapermillCellMetadata,
} from "./nbformat.js";
export { startKernel, resolveTslabBin } from "./kernel.js";
export type { ConnectionInfo, KernelProcess, KernelExit, StartKernelOptions } from "./kernel.js";
export { connectKernel, KernelClient } from "./kernel-client.js";
export type { RequestResult, KernelExecuteOptions } from "./kernel-client.js";
export { startKernelSession } from "./kernel-session.js";
export type { KernelSession, KernelSessionOptions } from "./kernel-session.js";
export { WireError } from "./wire.js";
export type { JupyterMessage, MessageHeader } from "./wire.js";
export { parameterizeNotebook, translateValue } from "./parameterize.js";
export type { ParameterizeOptions, ParameterizeResult } from "./parameterize.js";
export { readParameterDefaults } from "./parameter-defaults.js";
export type { ParameterDefault } from "./parameter-defaults.js";
export { executeNotebook } from "./runner.js";
export type { ExecuteNotebookOptions, ExecuteNotebookResult, NotebookProgress } from "./runner.js";
export { renderNotebookHtml, renderNotebookFile } from "./render.js";
export { runNotebookFolder, listNotebooks } from "./run-folder.js";
export type {
  RunNotebookFolderOptions,
  RunNotebookFolderResult,
  NotebookRunSummary,
  FolderProgress,
} from "./run-folder.js";
export { trustNotebooks } from "./trust.js";
export type { TrustNotebooksOptions, TrustResult } from "./trust.js";
export type { RenderOptions, RenderFileResult } from "./render.js";
export { renderMarkdown } from "./markdown.js";
export {
  installKernelspec,
  buildKernelspec,
  findProjectRoot,
  JupyterNotFoundError,
  KERNEL_NAME,
} from "./kernelspec.js";
export type { InstallKernelspecOptions, InstallKernelspecResult } from "./kernelspec.js";
