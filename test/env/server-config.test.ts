// The server's options schema: defaults live there, every field has --help text, bad values name the field.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../lib/errors.js";
import { envServerConfigSchema, parseEnvServerConfig } from "../../lib/env/index.js";

describe("envServerConfigSchema", () => {
  it("gives every field a one-line description for --help", () => {
    for (const [name, field] of Object.entries(envServerConfigSchema.shape)) {
      expect(field.description, name).toMatch(/^\S.{5,}/);
    }
  });

  it("defaults to loopback, AppWorld's port and no token", () => {
    expect(parseEnvServerConfig({})).toEqual({
      host: "127.0.0.1",
      port: 8000,
      maxBodyBytes: 1048576,
      maxWorlds: 64,
      idleTimeoutS: 900,
      sandbox: "auto",
    });
  });

  it("rejects bad values with a ConfigError naming each field", () => {
    const error = (() => {
      try {
        parseEnvServerConfig({ port: 70000, maxWorlds: 0, sandbox: "docker" }, "test options");
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues.map((i) => i.path)).toEqual(["port", "maxWorlds", "sandbox"]);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.message).toBe(
      "Invalid test options:\n" +
        "✖ `port`: Too big: expected number to be <=65535; got `70000` (number). Fix: use at most 65535 for `port`.\n" +
        "✖ `maxWorlds`: Too small: expected number to be >0; got `0` (number). Fix: use more than 0 for `maxWorlds`.\n" +
        '✖ `sandbox`: Invalid option: expected one of "auto"|"bwrap"|"none"|"unsafe-none"; got `docker` (string). Fix: use one of `auto`, `bwrap`, `none`, `unsafe-none`.',
    );
  });
});
