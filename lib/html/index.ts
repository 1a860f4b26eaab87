// The html area: dependency-free pieces for HTML pages and notebook outputs (escaping, offline plotly.js).
export { escapeHtml, scriptJson } from "./escape.js";
export {
  PLOTLY_SCRIPT_ATTRIBUTE,
  plotlyScriptTag,
  readPlotlySource,
  renderChartHtml,
  stripPlotlyScripts,
} from "./plotly.js";
export type { PlotlyFigure } from "./plotly.js";
