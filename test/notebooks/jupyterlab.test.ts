// The notebooks as a person uses them: a real JupyterLab 4.6 in headless Chromium, the project's kernel,
// every cell run from the Run menu, the table and the chart drawn in the page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { installKernelspec } from "../../lib/notebook/kernelspec.js";
import { missing, repoRoot } from "../helpers/prerequisites.js";
import { processesMentioning } from "../notebook/support.js";
import { startJupyterLab, type JupyterLab } from "./jupyterlab.js";
import { createScratchProject, type ScratchProject } from "./support.js";

const NOTEBOOK = "05_FT_Inferencing";

describe.skipIf(missing("jupyterlab", "chromium"))("a notebook in JupyterLab in Chromium", { timeout: 300_000 }, () => {
  let project: ScratchProject;
  let lab: JupyterLab | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    project = createScratchProject("agentft-jupyterlab-", [NOTEBOOK]);
    await installKernelspec({ projectRoot: repoRoot, env: project.jupyterEnv });
    lab = await startJupyterLab(project.root, project.jupyterEnv);
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await lab?.stop();
    expect(await processesMentioning(project.root)).toEqual([]);
    await project.remove();
  });

  it("opens the notebook on the project's kernel and runs every cell from the Run menu", async () => {
    if (!lab) throw new Error("JupyterLab did not start");
    await page.goto(`${lab.url}/lab/tree/notebooks/${NOTEBOOK}.ipynb?token=${lab.token}`);
    const kernelName = page
      .locator(".jp-NotebookPanel-toolbar .jp-KernelName, .jp-NotebookPanel-toolbar [data-jp-item-name='kernelName']")
      .first();
    await expect
      .poll(async () => (await kernelName.textContent())?.trim(), { timeout: 90_000 })
      .toBe("TypeScript (agentft)");
    // Wait until the kernel is idle before running.
    await page
      .locator(".jp-Notebook-ExecutionIndicator[data-status='idle'], .jp-Toolbar-kernelStatus[data-status='idle']")
      .first()
      .waitFor({ timeout: 90_000 })
      .catch(() => undefined);
    await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
    await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
    const prompts = page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt");
    const codeCells = await prompts.count();
    await expect
      .poll(async () => (await prompts.allTextContents()).filter((t) => /\[\d+\]/.test(t)).length, {
        timeout: 180_000,
        interval: 1000,
      })
      .toBe(codeCells);
    const text = (await page.locator(".jp-Notebook").textContent()) ?? "";
    expect(text).toMatch(/seed: fine-tuned 14B +seed-csv +168 +0\.0 +0\.0 +33\.2/);
    // The HTML table of every run, drawn as a table element.
    const table = page.locator(".jp-OutputArea-output table.agentft-table").first();
    await expect.poll(async () => table.count(), { timeout: 30_000 }).toBe(1);
    expect(await table.locator("tbody tr").count()).toBe(5);
    expect(await table.locator("caption").textContent()).toContain("TGC, SGC and pass % of every run");
    expect(await page.locator(".agentft-conclusion").textContent()).toMatch(/95 % interval/);
    // The per-task chart, drawn by plotly.js in the trusted page: one bar trace per seed run, a bar per task.
    const bars = page.locator(".jp-OutputArea-output .js-plotly-plot .barlayer .trace.bars");
    await expect.poll(async () => bars.count(), { timeout: 60_000, interval: 500 }).toBe(3);
    for (let i = 0; i < 3; i++) expect(await bars.nth(i).locator(".point").count()).toBe(168);
    expect(await page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count()).toBe(
      0,
    );
  });
});
