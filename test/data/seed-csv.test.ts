import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DataFormatError } from "../../lib/data/errors.js";
import {
  buildSeedCsvRows,
  formatSeedCsv,
  importSeedTrajectories,
  parseSeedCsv,
  readSeedCsv,
} from "../../lib/data/seed-csv.js";
import { missing, seedPath } from "../helpers/prerequisites.js";

const seedFile = seedPath("seed-data", "base_tasks_train_data.csv");
const noSeed = missing("seed");

describe.skipIf(noSeed)("seed CSV round trip", () => {
  const records = noSeed ? [] : readSeedCsv(seedFile);
  const trajectories = importSeedTrajectories(records, seedFile);

  it("parses the 54 real rows into 7 trajectories with the seed's step counts", () => {
    expect(records).toHaveLength(54);
    expect(trajectories.map((t) => t.steps.length)).toEqual([6, 13, 6, 6, 6, 13, 4]);
    expect(trajectories[0]!.instruction).toBe(
      "Send $91 privately on Venmo to the person with this phone number 2192158297.",
    );
    expect(trajectories[0]!.steps.map((s) => s.action)).toEqual([
      "print(apis.api_docs.show_api_descriptions(app_name='venmo'))",
      "print(apis.api_docs.show_api_doc(app_name='venmo', api_name='create_transaction'))",
      "print(apis.api_docs.show_api_doc(app_name='phone', api_name='search_contacts'))",
      "contact_search_result = apis.phone.search_contacts(query='2192158297') \n print(contact_search_result)",
      expect.stringContaining("apis.venmo.create_transaction("),
      "apis.supervisor.complete_task()",
    ]);
    expect(trajectories[0]!.steps[4]!.observation).toBe("{'message': 'Sent money.', 'transaction_id': 8248}");
  });

  it("records the last step of every trajectory without an observation, the seed never stored one", () => {
    for (const trajectory of trajectories) {
      expect(trajectory.steps.at(-1)!.observation).toBeNull();
      expect(trajectory.steps.slice(0, -1).every((s) => typeof s.observation === "string")).toBe(true);
    }
  });

  it("rebuilds the 54 rows and the file byte for byte", () => {
    const rows = buildSeedCsvRows(trajectories);
    expect(rows).toEqual(records.map(({ user_query, prompt, completion }) => ({ user_query, prompt, completion })));
    expect(formatSeedCsv(rows)).toBe(readFileSync(seedFile, "utf8"));
  });

  it("labels intents and groups the number-only variants into one scenario", () => {
    expect(trajectories.map((t) => t.intent)).toEqual([
      "send_money",
      "send_money",
      "approve_requests",
      "send_money",
      "refund",
      "split_bill",
      "question",
    ]);
    expect(trajectories[0]!.scenario_id).toBe(trajectories[3]!.scenario_id);
    expect(new Set(trajectories.map((t) => t.scenario_id)).size).toBe(6);
  });
});

describe.skipIf(noSeed)("seed CSV errors", () => {
  const good = noSeed ? [] : readFileSync(seedFile, "utf8").split("\n");

  it("names the file, the line and the fix for a wrong header", () => {
    expect(() => parseSeedCsv("query,prompt,completion\n", "x.csv")).toThrow(
      new DataFormatError(
        { file: "x.csv", line: 1 },
        "has header `query,prompt,completion`",
        "The header must be `user_query,prompt,completion`",
      ),
    );
  });

  it("names the field of a completion that is not a Python dict", () => {
    const text = `${good[0]}\n${good[1]!.replace(/,"\{'thought'.*$/, ",\"{'thought': oops}\"")}\n`;
    const records = parseSeedCsv(text, "bad.csv");
    expect(() => importSeedTrajectories(records, "bad.csv")).toThrow(
      /^bad\.csv:2: field `completion` is not a Python dict literal \(unexpected "o" at offset 12\)\. Write it as/,
    );
  });

  it("rejects a row whose history does not match the rows before it", () => {
    const text = `${good[0]}\n${good[2]}\n`;
    expect(() => importSeedTrajectories(parseSeedCsv(text, "b.csv"), "b.csv")).toThrow(
      "b.csv:2: field `prompt` continues a trajectory that has no first step. Rows of one trajectory must be consecutive, starting with the empty-history row",
    );
  });
});
