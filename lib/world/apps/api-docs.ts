// The `api_docs` app: app and API descriptions, one API's doc, and doc search, all generated from the
// definitions of the apps this world shows.
//
// Choices where AppWorld's behaviour is unconfirmed:
// - show_app_descriptions lists only the apps this world ships and the task allows (api_docs, supervisor,
//   phone, venmo, in AppWorld's order), not AppWorld's 11 apps: listing apps that cannot be called misleads.
// - an unknown app_name gives 422 "No APIs found for the <app> app. Check the app name again." (the
//   unknown-API message follows the observed "No APIs with name <api> found for the <app> app. ...").
import { defineApp, fail, p, PAGING, type ApiContext, type AppInfo } from "./define.js";
import { buildApiDoc, rankApis } from "./docs.js";
import { paginate } from "./paging.js";

const DESCRIPTION_LIST = [{ name: "string", description: "string" }];
const DOC_EXAMPLE = {
  app_name: "string",
  api_name: "string",
  path: "string",
  method: "string",
  description: "string",
  parameters: [
    { name: "string", type: "string", required: true, description: "string", default: null, constraints: ["string"] },
  ],
  response_schemas: { success: [{}], failure: [{}] },
};

function findApp(context: ApiContext, name: unknown): AppInfo {
  const app = context.visibleApps.find((a) => a.name === name);
  if (!app) fail(`No APIs found for the ${String(name)} app. Check the app name again.`);
  return app;
}

export const API_DOCS_APIS = defineApp("api_docs", [
  {
    name: "show_app_descriptions",
    method: "GET",
    path: "/app_descriptions",
    description: "Show descriptions for all apps available.",
    response: DESCRIPTION_LIST,
    handler: (c) => c.visibleApps.map((a) => ({ name: a.name, description: a.description })),
  },
  {
    name: "show_api_descriptions",
    method: "GET",
    path: "/api_descriptions",
    description: "Show descriptions for all APIs available for a given app.",
    params: [p.str("app_name", "App name to return API descriptions for.")],
    response: DESCRIPTION_LIST,
    handler: (c) => findApp(c, c.args.app_name).apis.map((api) => ({ name: api.name, description: api.description })),
  },
  {
    name: "show_api_doc",
    method: "GET",
    path: "/api_doc",
    description: "Show detailed API doc.",
    params: [p.str("app_name", "App name for the API."), p.str("api_name", "Name of the API.")],
    response: DOC_EXAMPLE,
    handler: (c) => {
      const app = findApp(c, c.args.app_name);
      const api = app.apis.find((a) => a.name === c.args.api_name);
      if (!api) {
        fail(
          `No APIs with name ${String(c.args.api_name)} found for the ${app.name} app. Check the api and app name again.`,
        );
      }
      return buildApiDoc(api);
    },
  },
  {
    name: "search_api_docs",
    method: "GET",
    path: "/api_docs",
    description: "Search for relevant API docs.",
    params: [p.str("query", "The search query string.", { default: "" }), ...PAGING],
    response: [DOC_EXAMPLE],
    handler: (c) => {
      const all = c.visibleApps.flatMap((a) => a.apis);
      return paginate(rankApis(all, String(c.args.query ?? "")), c.args).map(buildApiDoc);
    },
  },
]);
