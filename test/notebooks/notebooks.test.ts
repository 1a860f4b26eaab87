// The six notebooks as a user runs them: `agentft start` (what `npm start` runs) executes every one with its
// defaults on the real tslab kernel; one runs again with injected parameters; one through real Jupyter.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installKernelspec } from "../../lib/notebook/kernelspec.js";
import type { CodeCell, Notebook } from "../../lib/notebook/nbformat.js";
import { executeNotebook } from "../../lib/notebook/runner.js";
import {
  loadQwenTokenCounter,
  parseTrainingConfig,
  preflightMemory,
  reportTokenLengths,
  SEED_STARTER_GPU,
  TOKEN_LENGTH_COLUMNS,
  tokenLengthRows,
  type TokenLengthReport,
  trainingPreset,
} from "../../lib/train/index.js";
import { missing, repoRoot } from "../helpers/prerequisites.js";
import { startTestSshd } from "../helpers/sshd.js";
import { isolateKernelTemp, processesMentioning, removeKernelTemp, validateNotebookFile } from "../notebook/support.js";
import { chartTraces, createScratchProject, isTrusted, NOTEBOOKS, type ScratchProject } from "./support.js";

const run = promisify(execFile);
const bin = path.join(repoRoot, "lib", "bin", "agentft.js");

let kernelTemp: string;
let project: ScratchProject;
beforeAll(() => {
  kernelTemp = isolateKernelTemp();
  project = createScratchProject("agentft-notebooks-");
});
afterAll(async () => {
  expect(await processesMentioning(kernelTemp)).toEqual([]);
  await removeKernelTemp(kernelTemp);
  await project.remove();
});

const codeCells = (notebook: Notebook): CodeCell[] =>
  notebook.cells.filter((cell): cell is CodeCell => cell.cell_type === "code");

// Everything a notebook printed or displayed, as one text.
function outputText(notebook: Notebook): string {
  return codeCells(notebook)
    .flatMap((cell) => cell.outputs)
    .map((output) => {
      if (output.output_type === "stream") return output.text;
      if (output.output_type === "error") return `${output.ename}: ${output.evalue}`;
      return Object.values(output.data)
        .map((value) => (typeof value === "string" ? value : JSON.stringify(value)))
        .join("\n");
    })
    .join("\n");
}

// The text/html outputs of a notebook, in order.
function htmlOutputs(notebook: Notebook): string[] {
  return codeCells(notebook)
    .flatMap((cell) => cell.outputs)
    .flatMap((output) => {
      if (output.output_type !== "display_data" && output.output_type !== "execute_result") return [];
      const html = output.data["text/html"];
      return html === undefined ? [] : [Array.isArray(html) ? html.join("") : String(html)];
    });
}

const readExecuted = (name: string): Notebook =>
  JSON.parse(readFileSync(path.join(project.results, "notebooks", `${name}.ipynb`), "utf8")) as Notebook;

// The stand-in for `vllm serve` (vLLM needs a GPU): see test/fixtures/bin/vllm.
const VLLM_STANDIN = path.join(repoRoot, "test", "fixtures", "bin", "vllm");

// A server log grows by appending: each test reads only what its own run wrote.
const logSize = (file: string): number => (existsSync(file) ? statSync(file).size : 0);
const logSince = (file: string, offset: number): string => readFileSync(file).subarray(offset).toString("utf8");

// Every model reply an eval run recorded, from its tasks.jsonl.
function repliesOf(runDir: string): string[] {
  return readFileSync(path.join(runDir, "tasks.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .flatMap((line) =>
      (JSON.parse(line) as { episode: { steps: { reply: string }[] } }).episode.steps.map((s) => s.reply),
    );
}

describe("agentft start (npm start) on the six notebooks", { timeout: 900_000 }, () => {
  let stdout = "";
  it("runs every notebook in order with its defaults and prints where to open them", async () => {
    const result = await execa("node", [bin, "start", "--notebooks", project.notebooks], {
      cwd: project.root,
      env: { ...project.jupyterEnv, NO_COLOR: "1" },
      reject: false,
      timeout: 900_000,
    });
    stdout = result.stdout;
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.exitCode).toBe(0);
    expect(stdout).toMatch(/^Ran 6 notebooks in [\d.]+ s; executed copies and HTML in results\/notebooks\/$/m);
    for (const name of NOTEBOOKS)
      expect(stdout).toMatch(new RegExp(`^${name} +\\d+ +[\\d.]+ s  results/notebooks/${name}.html$`, "m"));
    expect(stdout).toContain("Open them: jupyter lab results/notebooks/");
  });

  it("leaves every code cell completed without an error, in valid nbformat, with a page that needs no network", async () => {
    for (const name of NOTEBOOKS) {
      const notebook = readExecuted(name);
      const cells = codeCells(notebook);
      expect(cells.length, name).toBeGreaterThan(1);
      for (const cell of cells) {
        expect(cell.metadata.papermill?.status, `${name} cell ${cell.id}`).toBe("completed");
        expect(cell.outputs.filter((o) => o.output_type === "error")).toEqual([]);
      }
      expect(cells[0]?.metadata.tags).toEqual(["parameters"]);
      if (!missing("nbformat"))
        expect(await validateNotebookFile(path.join(project.results, "notebooks", `${name}.ipynb`))).toBe("");
      const html = readFileSync(path.join(project.results, "notebooks", `${name}.html`), "utf8");
      expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
      expect(html).not.toMatch(/<link[^>]+href=["']https?:/);
    }
  });

  it("shows what each step produced", () => {
    expect(outputText(readExecuted("00_Data_Prep"))).toMatch(/^5000 conversations \(\d+ distinct requests\)/m);
    expect(outputText(readExecuted("00_Data_Prep"))).toContain("200/200 records verified");
    expect(outputText(readExecuted("01_Starter"))).toContain("90 trajectories kept (591 steps), 0 rejected");
    expect(outputText(readExecuted("01_Starter"))).toContain("An app to search and explore API documentation.");
    expect(outputText(readExecuted("02_Training"))).toMatch(/^command: python train\.py$/m);
    expect(outputText(readExecuted("02_Training"))).toMatch(/^591 rows, Qwen tokens p50 \d+/m);
    expect(outputText(readExecuted("02_Training"))).toMatch(
      /^estimated GPU memory: [\d.]+ GiB \(qlora, Qwen\/Qwen2\.5-14B-Instruct\)$/m,
    );
    expect(outputText(readExecuted("04_Base_Inferencing"))).toMatch(
      /reference-gold-test_normal +reference:gold \(reference policy\) +168 +100\.0 +100\.0/,
    );
    const comparison = outputText(readExecuted("05_FT_Inferencing"));
    expect(comparison).toMatch(/seed: base 14B +seed-csv +168 +0\.0 +0\.0 +31\.3/);
    expect(comparison).toMatch(/seed: GPT-4o +seed-csv +168 +0\.0 +0\.0 +32\.0/);
    expect(comparison).toMatch(/seed: fine-tuned 14B +seed-csv +168 +0\.0 +0\.0 +33\.2/);
  });

  it.skipIf(missing("python-train"))(
    "trains the tiny model for real and draws its loss curve from metrics.jsonl",
    () => {
      const training = readExecuted("02_Training");
      expect(outputText(training)).toMatch(
        /^tiny run on local completed: 4 loss points over 4 steps; model in \.\.\/results\/runs\/tiny\/output\/final$/m,
      );
      const curves = htmlOutputs(training).flatMap(chartTraces);
      expect(curves).toHaveLength(1);
      const [loss] = curves[0] ?? [];
      expect(loss?.name).toBe("loss");
      expect(loss?.y).toHaveLength(4);
      expect(loss?.y.every((y) => typeof y === "number" && Number.isFinite(y) && y > 0)).toBe(true);
      expect(
        existsSync(path.join(project.root, "results", "runs", "tiny", "output", "final", "model.safetensors")),
      ).toBe(true);
      // The 14B plan is still written exactly as it would launch.
      expect(outputText(training)).toMatch(/^command: python train\.py$/m);
    },
  );

  it("03 dry-runs the reward in both modes and plans the 14B GRPO run", () => {
    const grpo = outputText(readExecuted("03_GRPO"));
    expect(grpo).toMatch(/reference-noop-train +reference:noop \(reference policy\) +90 +0\.0 +0\.0/);
    expect(grpo).toMatch(/^step mode: 18 groups, 3 with all rewards equal; gold above noop: yes$/m);
    expect(grpo).toMatch(/^ {2}gold: mean 1\.167, min 1, max 2 over 18$/m);
    expect(grpo).toMatch(/^ {2}noop: mean -0\.500, min -1, max 2 over 18$/m);
    expect(grpo).toMatch(/^ {2}warning: \w+_1 step 5: all 2 completions score 2; this group gives GRPO no signal\.$/m);
    expect(grpo).toMatch(/^episode mode: 3 groups, 0 with all rewards equal; gold above noop: yes$/m);
    expect(grpo).toMatch(/^ {2}gold: mean 2\.000, min 2, max 2 over 3$/m);
    expect(grpo).toMatch(
      /^run directory \S+grpo-14b: 591 step prompts; .*rewards\.py, grpo_config\.json, README\.md$/m,
    );
    expect(grpo).toMatch(/^estimated GPU memory: [\d.]+ GiB \(qlora, Qwen\/Qwen2\.5-14B-Instruct\)$/m);
  });

  it.skipIf(missing("python-train"))(
    "03 runs a tiny GRPO job beside its reward service and draws the reward curve",
    () => {
      const grpo = readExecuted("03_GRPO");
      const text = outputText(grpo);
      expect(text).toMatch(/^planned step mode: 12 rows; .*rewards\.py, grpo_config\.json, README\.md$/m);
      expect(text).toMatch(
        /^tiny GRPO run completed: 4 reward points over 4 steps, all finite; server stopped, 0 worlds open$/m,
      );
      const curves = htmlOutputs(grpo).flatMap(chartTraces);
      expect(curves).toHaveLength(1);
      const [reward] = curves[0] ?? [];
      expect(reward?.name).toBe("reward");
      // A random model writes no readable action: the step reward of every completion is −1.
      expect(reward?.y).toEqual([-1, -1, -1, -1]);
      expect(existsSync(path.join(project.root, "results", "runs", "grpo-tiny", "rewards.py"))).toBe(true);
    },
  );

  it.skipIf(missing("python-train"))("serves the tiny trained model with transformers serve and evaluates it", () => {
    expect(outputText(readExecuted("04_Base_Inferencing"))).toMatch(
      /^tiny model served at http:\/\/127\.0\.0\.1:\d+\/v1: 2 test_normal tasks, TGC [\d.]+, mean pass % [\d.]+, 0 failures$/m,
    );
    expect(existsSync(path.join(project.root, "results", "evals", "tiny-test_normal"))).toBe(true);
  });

  it.skipIf(missing("python-train"))("05 serves the tiny fine-tuned model and puts it beside the seed's runs", () => {
    const ft = readExecuted("05_FT_Inferencing");
    const text = outputText(ft);
    expect(text).toMatch(
      /^tiny fine-tuned model served at http:\/\/127\.0\.0\.1:\d+\/v1: 2 test_normal tasks, TGC [\d.]+, mean pass % [\d.]+, 0 failures$/m,
    );
    // One comparison table holds the bounds, the seed's three runs and the tiny model's row.
    expect(text).toMatch(/tiny fine-tuned \(CPU, 2 tasks\) +\S+ +2 +[\d.]+ +[\d.]+ +[\d.]+/);
    expect(text).toMatch(/seed: fine-tuned 14B +seed-csv +168/);
    const table = htmlOutputs(ft).find((html) => html.includes('class="agentft-table"')) ?? "";
    expect(table).toContain(">tiny fine-tuned (CPU, 2 tasks)<");
    expect(table).toContain(">seed: base 14B<");
    expect(existsSync(path.join(project.root, "results", "evals", "tiny-ft-test_normal"))).toBe(true);
  });

  it("counts the data sets' lengths in Qwen tokens in 00 and 01", () => {
    for (const name of ["00_Data_Prep", "01_Starter"]) {
      const text = outputText(readExecuted(name));
      // danfojs cuts long headers short ("prompt_tokens_p…"); the character columns are named `prompt_p50`.
      expect(text, name).toMatch(/│ prompt_tokens_[pm]/);
      expect(text, name).toMatch(/│ completion_toke/);
      expect(text, name).not.toMatch(/│ prompt_p50/);
    }
  });

  // The step-wise rows 01 wrote, counted here with the same tokenizer against Approach 1's max_length.
  async function stepwiseLengths(): Promise<Record<string, TokenLengthReport>> {
    const counter = await loadQwenTokenCounter();
    const config = parseTrainingConfig(trainingPreset("approach1"));
    const maxLength = config.method === "sft" ? config.trl.max_length : null;
    expect(maxLength).toBe(1024); // TRL's default: the seed's Starter set none
    const read = (template: string): Record<string, unknown>[] =>
      readFileSync(path.join(project.results, "data", `stepwise-train-${template}.jsonl`), "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    return {
      v1: reportTokenLengths(read("v1"), { counter, maxLength }),
      v2: reportTokenLengths(read("v2"), { counter, maxLength }),
    };
  }

  it("01 reports the step-wise rows' Qwen token lengths as a table, value by value", async () => {
    const starter = readExecuted("01_Starter");
    const table = htmlOutputs(starter).find((html) => html.includes("Step-wise rows in Qwen tokens")) ?? "";
    const header = [...table.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(header).toEqual([...TOKEN_LENGTH_COLUMNS]);
    const cells = [...table.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    const reports = await stepwiseLengths();
    const expected = tokenLengthRows(reports).flatMap((row) => TOKEN_LENGTH_COLUMNS.map((c) => String(row[c])));
    expect(cells).toEqual(expected);
    expect(reports["v1"]?.rows).toBe(591);
    const over = reports["v1"]?.overLength.length ?? 0;
    expect(over).toBeGreaterThan(0);
    expect(outputText(starter)).toContain(`dropped ${over} of 591 rows longer than 1,024 tokens`);
  });

  it("01 plans Approach 1 exactly as it would launch, with its memory against the seed's GPU, and launches nothing", async () => {
    const text = outputText(readExecuted("01_Starter"));
    expect(text).toMatch(
      /^run directory \S+\/results\/runs\/approach1: data\/train\.jsonl, train\.py, train_config\.json, requirements\.txt, README\.md$/m,
    );
    expect(text).toMatch(/^command: python train\.py$/m);
    const runDir = path.join(project.results, "runs", "approach1");
    const config = JSON.parse(readFileSync(path.join(runDir, "train_config.json"), "utf8"));
    expect(config).toMatchObject({
      method: "sft",
      model: "Qwen/Qwen2-0.5B-Instruct",
      numProcesses: 1,
      trl: { num_train_epochs: 5, per_device_train_batch_size: 4, eos_token: "<|im_end|>", max_length: 1024 },
    });
    const v1 = (await stepwiseLengths())["v1"];
    const kept = readFileSync(path.join(runDir, "data", "train.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean);
    expect(kept).toHaveLength(591 - (v1?.overLength.length ?? 0));
    // The printed estimate is the preflight's at the plan's longest row; it exceeds the seed's GPU, as the seed found.
    const preflight = preflightMemory(parseTrainingConfig(trainingPreset("approach1")), [SEED_STARTER_GPU], {
      longestRow: v1?.max ?? 0,
    });
    expect(text).toMatch(
      new RegExp(
        `^estimated GPU memory: ${(preflight.estimate.totalBytes / 2 ** 30).toFixed(1)} GiB per GPU \\(full, Qwen/Qwen2-0\\.5B-Instruct\\)$`,
        "m",
      ),
    );
    expect(preflight.fits).toBe(false);
    expect(text).toMatch(/^on the seed's 14\.58 GiB GPU: does not fit$/m);
    expect(text).toContain(`  ${preflight.warnings[0]}`);
    expect(text).toContain("No `backend` set: Approach 1 is planned in `../results/runs/approach1`, not launched.");
    expect(existsSync(path.join(runDir, "logs"))).toBe(false);
  });

  it("draws the comparison as an HTML table, the paired sentence and a per-task bar chart", () => {
    const ft = htmlOutputs(readExecuted("05_FT_Inferencing"));
    const table = ft.find((html) => html.includes('class="agentft-table"')) ?? "";
    for (const run of ["reference-gold-test_normal", "seed: base 14B", "seed: GPT-4o", "seed: fine-tuned 14B"])
      expect(table).toContain(`>${run}<`);
    const sentence = ft.find((html) => html.includes('class="agentft-conclusion"')) ?? "";
    expect(sentence).toMatch(
      /seed: fine-tuned 14B vs seed: base 14B: mean pass % 31\.32 → 33\.20 \(\+1\.88 points; 95 % interval −?[\d.]+ to \+[\d.]+/,
    );
    expect(sentence).toMatch(/31 tasks improved, 11 regressed, 126 unchanged/);
    const [ftChart, ...ftMore] = ft.flatMap(chartTraces);
    expect(ftMore).toEqual([]);
    expect(ftChart?.map((t) => [t.type, t.name, t.y.length])).toEqual([
      ["bar", "seed: base 14B", 168],
      ["bar", "seed: GPT-4o", 168],
      ["bar", "seed: fine-tuned 14B", 168],
    ]);
    const base = htmlOutputs(readExecuted("04_Base_Inferencing"));
    expect(base.find((html) => html.includes('class="agentft-table"'))).toContain(">reference-noop-test_normal<");
    const [baseChart] = base.flatMap(chartTraces);
    expect(baseChart?.map((t) => [t.type, t.name, t.y.length])).toEqual([
      ["bar", "reference-gold-test_normal", 168],
      ["bar", "reference-noop-test_normal", 168],
    ]);
    expect(baseChart?.[0]?.y.every((y) => y === 100)).toBe(true);
  });

  it.skipIf(missing("nbformat"))("signs the executed notebooks, so JupyterLab runs their chart scripts", async () => {
    expect(stdout).toMatch(/^Signed as trusted \(.+\): their charts draw when opened in JupyterLab\.$/m);
    for (const name of NOTEBOOKS) {
      expect(await isTrusted(path.join(project.results, "notebooks", `${name}.ipynb`), project.jupyterEnv), name).toBe(
        true,
      );
    }
  });
});

describe("a notebook with injected parameters", { timeout: 300_000 }, () => {
  it.skipIf(missing("python-train", "slurm"))(
    "02 with backend=slurm launches the tiny run on the real Slurm and draws its curve",
    async () => {
      const result = await executeNotebook(path.join(project.notebooks, "02_Training.ipynb"), {
        outputPath: path.join(project.root, "02-slurm.ipynb"),
        parameterStrings: { backend: "slurm", tinyRunDir: "../results/runs/tiny-slurm" },
      });
      expect(result.parameters).toEqual({ backend: "slurm", tinyRunDir: "../results/runs/tiny-slurm" });
      const text = outputText(result.notebook);
      expect(text).toMatch(
        /^tiny run on slurm completed: 4 loss points over 4 steps; model in \.\.\/results\/runs\/tiny-slurm\/output\/final$/m,
      );
      // The job really went through Slurm: its handle holds a Slurm job id and its sbatch script.
      const handle = JSON.parse(
        readFileSync(path.join(project.root, "results", "runs", "tiny-slurm", "logs", "job.job.json"), "utf8"),
      );
      expect(handle).toMatchObject({ backend: "slurm", id: expect.stringMatching(/^\d+$/) });
      expect(existsSync(String(handle.detail.scriptPath))).toBe(true);
      const [curve] = htmlOutputs(result.notebook).flatMap(chartTraces);
      expect(curve?.[0]?.y).toHaveLength(4);
      expect(
        existsSync(path.join(project.root, "results", "runs", "tiny-slurm", "output", "final", "model.safetensors")),
      ).toBe(true);
    },
    600_000,
  );

  it.skipIf(missing("python-train"))(
    "02 with gpus=1 plans launchPreset, checks the target's GPUs and submits it (it fails offline, as it must here)",
    async () => {
      // The kernel and its job inherit the environment: offline, the Hub download fails at once.
      const offline = process.env["HF_HUB_OFFLINE"];
      process.env["HF_HUB_OFFLINE"] = "1";
      const result = await executeNotebook(path.join(project.notebooks, "02_Training.ipynb"), {
        outputPath: path.join(project.root, "02-gpu.ipynb"),
        parameterStrings: { gpus: "1", launchPreset: "approach1" },
      }).finally(() => {
        if (offline === undefined) delete process.env["HF_HUB_OFFLINE"];
        else process.env["HF_HUB_OFFLINE"] = offline;
      });
      const text = outputText(result.notebook);
      expect(text).toContain("A GPU target is set (`gpus = 1`): the approach1 run below launches instead");
      expect(text).toMatch(/^approach1: (dropped|all) .+; needs about [\d.]+ GiB per GPU$/m);
      // This machine has no nvidia-smi: the launch says so instead of guessing.
      expect(text).toMatch(/^memory: nvidia-smi was not found on the local target/m);
      expect(text).toMatch(/^submitted local job \d+: \S+python train\.py/m);
      // Qwen2-0.5B-Instruct is not downloadable here (HF_HUB_OFFLINE): the real train.py fails and the cell says so.
      expect(text).toMatch(/^approach1 run failed \(exit code 1\): see .+approach1\/logs\/job\.log$/m);
      const config = JSON.parse(
        readFileSync(path.join(project.root, "results", "runs", "approach1", "train_config.json"), "utf8"),
      );
      expect(config).toMatchObject({ model: "Qwen/Qwen2-0.5B-Instruct", numProcesses: 1 });
    },
    300_000,
  );

  it.skipIf(missing("python-train"))(
    "01 with backend=local reads the target's GPUs, launches Approach 1 and reports its failure offline",
    async () => {
      // The kernel and its job inherit the environment: offline, the Hub download of the 0.5B model fails at
      // once; there is no NVIDIA GPU here, so test/fixtures/gpu-bin/nvidia-smi stands in for the real tool
      // (one H100 80GB) on the target's PATH.
      const saved = { HF_HUB_OFFLINE: process.env["HF_HUB_OFFLINE"], PATH: process.env["PATH"] };
      process.env["HF_HUB_OFFLINE"] = "1";
      process.env["PATH"] = `${path.join(repoRoot, "test", "fixtures", "gpu-bin")}:${saved.PATH ?? ""}`;
      const result = await executeNotebook(path.join(project.notebooks, "01_Starter.ipynb"), {
        outputPath: path.join(project.root, "01-local.ipynb"),
        parameterStrings: { backend: "local", runDir: "../results/runs/approach1-local" },
      }).finally(() => {
        for (const [name, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      });
      expect(result.parameters).toEqual({ backend: "local", runDir: "../results/runs/approach1-local" });
      const errors = codeCells(result.notebook).flatMap((cell) =>
        cell.outputs.filter((o) => o.output_type === "error"),
      );
      expect(errors).toEqual([]);
      const text = outputText(result.notebook);
      expect(text).toMatch(/^target GPU 0: NVIDIA H100 80GB HBM3, 79\.6 GiB free$/m);
      // The 0.5B full fine-tune fits an H100: no memory warning before the submit.
      expect(text).not.toMatch(/^memory: /m);
      expect(text).toMatch(
        /^submitted local job \d+: \S+\/\.cache\/venv\/bin\/python train\.py \(log \S+\/approach1-local\/logs\/job\.log\)$/m,
      );
      // Qwen2-0.5B-Instruct cannot be downloaded here: the real train.py fails, and the cell says why.
      expect(text).toMatch(/^approach1 run failed \(exit code 1\): see \S+\/approach1-local\/logs\/job\.log$/m);
      expect(text).toMatch(/^from its log: OSError: We couldn't connect to 'https:\/\/huggingface\.co'/m);
      const runDir = path.join(project.results, "runs", "approach1-local");
      const handle = JSON.parse(readFileSync(path.join(runDir, "logs", "job.job.json"), "utf8"));
      expect(handle).toMatchObject({ backend: "local", id: expect.stringMatching(/^\d+$/) });
      expect(JSON.parse(readFileSync(path.join(runDir, "train_config.json"), "utf8"))).toMatchObject({
        model: "Qwen/Qwen2-0.5B-Instruct",
        numProcesses: 1,
      });
    },
    300_000,
  );

  it("runs 04 on the dev split and its tables say so", async () => {
    const outputPath = path.join(project.root, "04-dev.ipynb");
    const result = await executeNotebook(path.join(project.notebooks, "04_Base_Inferencing.ipynb"), {
      outputPath,
      parameterStrings: { split: "dev", workers: "2" },
    });
    expect(result.parameters).toEqual({ split: "dev", workers: 2 });
    expect(result.notebook.cells[2]?.metadata.tags).toEqual(["injected-parameters"]);
    const text = outputText(result.notebook);
    expect(text).toMatch(/reference-gold-dev +reference:gold \(reference policy\) +57 +100\.0 +100\.0 +100\.0/);
    expect(text).toMatch(/reference-noop-dev +reference:noop \(reference policy\) +57 +0\.0 +0\.0/);
    expect(text).not.toContain("test_normal");
  });

  // vLLM needs a GPU: these run the stand-in `vllm` of test/fixtures/bin (it serves the OpenAI routes serve()
  // uses and answers every chat with "stand-in answer from <model>"), passed as `vllmBin`.
  it("04 with serveEngine=vllm starts vllm serve for the model, evaluates it there and stops it", async () => {
    const log = path.join(project.results, "serve", "base-vllm", "logs", "server.log");
    const before = logSize(log);
    const result = await executeNotebook(path.join(project.notebooks, "04_Base_Inferencing.ipynb"), {
      outputPath: path.join(project.root, "04-vllm.ipynb"),
      parameterStrings: {
        split: "dev",
        workers: "2",
        model: "Qwen/Qwen2.5-14B-Instruct",
        serveEngine: "vllm",
        vllmBin: VLLM_STANDIN,
        gpus: "2",
        maxModelLen: "4096",
        maxInteractions: "2",
      },
    });
    expect(result.parameters).toMatchObject({ serveEngine: "vllm", gpus: 2, maxModelLen: 4096 });
    const text = outputText(result.notebook);
    expect(text).toMatch(/^vLLM for Qwen\/Qwen2\.5-14B-Instruct: healthy after [\d.]+ s$/m);
    expect(text).toMatch(/^Qwen\/Qwen2\.5-14B-Instruct: 57\/57 tasks, TGC so far 0\.0$/m);
    // The served model's row beside the bounds: 57 dev tasks, none completed by an agent that never acts.
    expect(text).toMatch(/Qwen-Qwen2\.5-14B-Instruct-json-react-dev +Qwen\/Qwen2\.5-14B-Instruct +57 +0\.0 +0\.0/);
    expect(text).toMatch(/reference-gold-dev +reference:gold \(reference policy\) +57 +100\.0/);
    expect(text).toMatch(
      /^vLLM served Qwen\/Qwen2\.5-14B-Instruct at http:\/\/127\.0\.0\.1:\d+\/v1 for this run and is stopped/m,
    );
    // Every model call reached the started server, twice per task.
    const replies = repliesOf(path.join(project.results, "evals", "Qwen-Qwen2.5-14B-Instruct-json-react-dev"));
    expect(replies).toHaveLength(57 * 2);
    expect(new Set(replies)).toEqual(new Set(["stand-in answer from Qwen/Qwen2.5-14B-Instruct"]));
    // Started with the notebook's parameters, then stopped with SIGTERM, and no process of it is left.
    const served = logSince(log, before);
    expect(served).toContain('"--tensor-parallel-size","2","--max-model-len","4096"');
    expect(served).toContain("Shutting down");
    expect(await processesMentioning(VLLM_STANDIN)).toEqual([]);
    expect(htmlOutputs(result.notebook).join("\n")).toContain("Qwen-Qwen2.5-14B-Instruct-json-react-dev");
  });

  it("05 with serveEngine=vllm and an adapter serves the adapter with LoRA, compares it and stops the server", async () => {
    const adapter = path.join(project.root, "runs", "approach2", "adapter");
    mkdirSync(adapter, { recursive: true });
    writeFileSync(
      path.join(adapter, "adapter_config.json"),
      JSON.stringify({
        peft_type: "LORA",
        r: 24,
        lora_alpha: 48,
        base_model_name_or_path: "Qwen/Qwen2.5-14B-Instruct",
      }),
    );
    const log = path.join(project.results, "serve", "ft-vllm", "logs", "server.log");
    const before = logSize(log);
    const result = await executeNotebook(path.join(project.notebooks, "05_FT_Inferencing.ipynb"), {
      outputPath: path.join(project.root, "05-vllm.ipynb"),
      parameterStrings: {
        model: "Qwen/Qwen2.5-14B-Instruct",
        serveEngine: "vllm",
        adapter: adapter,
        vllmBin: VLLM_STANDIN,
        maxInteractions: "1",
      },
    });
    const text = outputText(result.notebook);
    expect(text).toMatch(/^vLLM for ft on Qwen\/Qwen2\.5-14B-Instruct: healthy after [\d.]+ s$/m);
    expect(text).toMatch(/^ft: 168\/168 tasks, TGC so far 0\.0$/m);
    // Its row sits in the comparison with the seed's runs and the bounds, and is the paired candidate.
    expect(text).toMatch(/fine-tuned: ft \(LoRA on Qwen\/Qwen2\.5-14B-Instruct\) +ft +168 +0\.0 +0\.0/);
    expect(text).toMatch(/seed: fine-tuned 14B +seed-csv +168 +0\.0 +0\.0 +33\.2/);
    expect(text).not.toContain("tiny fine-tuned");
    const html = htmlOutputs(result.notebook).join("\n");
    expect(html).toContain("fine-tuned: ft (LoRA on Qwen/Qwen2.5-14B-Instruct)");
    // The requests named the adapter, not the base model.
    const replies = repliesOf(path.join(project.results, "evals", "ft-json-react-test_normal"));
    expect(replies).toHaveLength(168);
    expect(new Set(replies)).toEqual(new Set(["stand-in answer from ft"]));
    // LoRA was enabled with the adapter's rank rounded up to vLLM's next allowed value (24 → 32).
    const served = logSince(log, before);
    expect(served).toContain(
      `"--enable-lora","--max-lora-rank","32","--max-loras","1","--lora-modules","ft=${adapter}"`,
    );
    expect(served).toContain("Shutting down");
    expect(await processesMentioning(VLLM_STANDIN)).toEqual([]);
  });

  it.skipIf(missing("sshd"))(
    "05 with backend=ssh serves the adapter on the ssh host, through an ssh forward, and leaves nothing there",
    async () => {
      const sshd = await startTestSshd();
      try {
        const adapter = path.join(project.root, "runs", "approach2-ssh", "adapter");
        mkdirSync(adapter, { recursive: true });
        writeFileSync(path.join(adapter, "adapter_config.json"), JSON.stringify({ peft_type: "LORA", r: 16 }));
        const result = await executeNotebook(path.join(project.notebooks, "05_FT_Inferencing.ipynb"), {
          outputPath: path.join(project.root, "05-vllm-ssh.ipynb"),
          parameterStrings: {
            model: "Qwen/Qwen2.5-14B-Instruct",
            serveEngine: "vllm",
            adapter: adapter,
            vllmBin: VLLM_STANDIN,
            maxInteractions: "1",
            resultsDir: "../results/evals-ssh",
            backend: "ssh",
            host: "127.0.0.1",
            port: String(sshd.port),
            user: sshd.user,
            identityFile: sshd.identityFile,
            remoteRoot: sshd.remoteRoot,
            sshOptions: JSON.stringify(sshd.sshOptions),
          },
        });
        const text = outputText(result.notebook);
        expect(text).toMatch(/^ft: 168\/168 tasks, TGC so far 0\.0$/m);
        // The client talked to a forwarded local port, not to the remote's own.
        const [, local] = /^vLLM served ft at http:\/\/127\.0\.0\.1:(\d+)\/v1 /m.exec(text) ?? [];
        const remoteLog = readFileSync(path.join(sshd.remoteRoot, "ft-vllm", "logs", "server.log"), "utf8");
        const [, remote] = /"--port","(\d+)"/.exec(remoteLog) ?? [];
        expect(local).toBeDefined();
        expect(remote).toBeDefined();
        expect(local).not.toBe(remote);
        // The adapter went over with the run dir and was served from there.
        expect(remoteLog).toContain('"--lora-modules","ft=adapters/ft"');
        expect(remoteLog).toContain("Shutting down");
        const replies = repliesOf(path.join(project.results, "evals-ssh", "ft-json-react-test_normal"));
        expect(new Set(replies)).toEqual(new Set(["stand-in answer from ft"]));
        expect(await processesMentioning(VLLM_STANDIN)).toEqual([]);
        expect(await processesMentioning(`127.0.0.1:${local}:127.0.0.1:${remote}`)).toEqual([]);
      } finally {
        await sshd.stop();
      }
    },
  );

  it("stops the vllm server it started when the evaluation fails in the same cell", async () => {
    const log = path.join(project.results, "serve", "base-vllm", "logs", "server.log");
    const before = logSize(log);
    // maxInteractions 0 passes the parameter check (a number) and is refused by runEval, after the server is up.
    await expect(
      executeNotebook(path.join(project.notebooks, "04_Base_Inferencing.ipynb"), {
        outputPath: path.join(project.root, "04-vllm-failed.ipynb"),
        parameterStrings: {
          split: "dev",
          workers: "2",
          model: "Qwen/Qwen2.5-0.5B-Instruct",
          serveEngine: "vllm",
          vllmBin: VLLM_STANDIN,
          maxInteractions: "0",
        },
      }),
    ).rejects.toThrow(/maxInteractions/);
    const failed = JSON.parse(readFileSync(path.join(project.root, "04-vllm-failed.ipynb"), "utf8")) as Notebook;
    expect(outputText(failed)).toMatch(/^vLLM for Qwen\/Qwen2\.5-0\.5B-Instruct: healthy after/m);
    const served = logSince(log, before);
    expect(served).toContain("Starting vLLM API server");
    expect(served).toContain("Shutting down");
    expect(await processesMentioning(VLLM_STANDIN)).toEqual([]);
  });

  it("explains a vllm server that dies while starting, with the parameter to change, and leaves nothing", async () => {
    // The kernel and the server it starts inherit the environment: the stand-in then fails as vLLM does
    // when the KV cache cannot hold one sequence of --max-model-len.
    const crash = process.env["VLLM_STANDIN_CRASH"];
    process.env["VLLM_STANDIN_CRASH"] = "kv-cache";
    await expect(
      executeNotebook(path.join(project.notebooks, "04_Base_Inferencing.ipynb"), {
        outputPath: path.join(project.root, "04-vllm-crash.ipynb"),
        parameterStrings: {
          split: "dev",
          workers: "2",
          model: "Qwen/Qwen2.5-14B-Instruct",
          serveEngine: "vllm",
          vllmBin: VLLM_STANDIN,
          maxModelLen: "32768",
        },
      }).finally(() => {
        if (crash === undefined) delete process.env["VLLM_STANDIN_CRASH"];
        else process.env["VLLM_STANDIN_CRASH"] = crash;
      }),
    ).rejects.toThrow(/`maxModelLen` \(32768\) does not fit the KV cache \(12448 tokens\): set `maxModelLen: 12448`/);
    expect(await processesMentioning(VLLM_STANDIN)).toEqual([]);
  });

  it("refuses serveEngine=vllm without a model, naming the parameters to set", async () => {
    await expect(
      executeNotebook(path.join(project.notebooks, "04_Base_Inferencing.ipynb"), {
        outputPath: path.join(project.root, "04-vllm-nomodel.ipynb"),
        parameterStrings: { split: "dev", workers: "2", serveEngine: "vllm", vllmBin: VLLM_STANDIN },
      }),
    ).rejects.toThrow(/serveEngine = "vllm" serves `model` from this notebook: set `model`/);
    expect(await processesMentioning(VLLM_STANDIN)).toEqual([]);
  });

  it("refuses a value outside the annotated choices before any kernel starts", async () => {
    await expect(
      executeNotebook(path.join(project.notebooks, "04_Base_Inferencing.ipynb"), {
        parameterStrings: { split: "testing" },
      }),
    ).rejects.toThrow(
      /`split`: expected "train" \| "dev" \| "test_normal" \| "test_challenge", got `testing` \(string\); the default is declared on line 2 of the parameters cell/,
    );
  });
});

describe.skipIf(missing("nbconvert"))(
  "a notebook through real Jupyter (python3 -m nbconvert --execute)",
  { timeout: 300_000 },
  () => {
    it("runs 05 with the installed kernelspec and shows the seed's comparison", async () => {
      const installed = await installKernelspec({ projectRoot: repoRoot, env: project.jupyterEnv });
      expect(installed.displayName).toBe("TypeScript (agentft)");
      const output = path.join(project.root, "05-nbconvert.ipynb");
      await run(
        "/usr/bin/python3",
        [
          "-m",
          "nbconvert",
          "--execute",
          "--to",
          "notebook",
          "--output",
          output,
          path.join(project.notebooks, "05_FT_Inferencing.ipynb"),
        ],
        { cwd: project.notebooks, env: project.jupyterEnv, timeout: 280_000 },
      );
      const notebook = JSON.parse(readFileSync(output, "utf8")) as Notebook;
      expect(notebook.metadata.kernelspec?.name).toBe("agentft-tslab");
      expect(outputText(notebook)).toMatch(/seed: fine-tuned 14B +seed-csv +168 +0\.0 +0\.0 +33\.2/);
    });
  },
);
