import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MigrationInputError } from "../../migrate/errors";
import { indexMapping, mappingKey } from "../../migrate/mappingIndex";
import { readMappingFile } from "../../migrate/tenantMapping";
import { USER_KEY_FIELDS } from "../../migrate/users/userTenantRule";
import { TENANTS } from "./migrationHarness";

describe("readMappingFile and indexMapping", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "migrate-mapping-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  function refusal(action: () => unknown): MigrationInputError {
    try {
      action();
    } catch (error) {
      if (error instanceof MigrationInputError) return error;
      throw error;
    }
    throw new Error("expected a MigrationInputError");
  }

  it("reads CSV rows by username, email or sub, comparing emails case-insensitively", () => {
    const path = file(
      "ok.csv",
      "\uFEFFusername,email,sub,tenantId\n,Ann@Corp.example,,acme\n\n,,1234-abcd,initech\nbob,,,globex-eu\n",
    );

    const index = indexMapping(readMappingFile(path, USER_KEY_FIELDS), TENANTS);

    expect(index.get(mappingKey("email", "ann@corp.example"))).to.deep.equal({
      field: "email",
      key: "Ann@Corp.example",
      tenantId: "acme",
      line: 2,
    });
    expect(index.get(mappingKey("sub", "1234-abcd"))?.line).to.equal(4);
    expect(index.get(mappingKey("username", "bob"))?.tenantId).to.equal("globex-eu");
  });

  it("reports every bad row at once, by line, with its fix", () => {
    const path = file(
      "bad.csv",
      "username,email,tenantId\nann,ann@corp.example,acme\n,carl@corp.example,\n,dora@corp.example,umbrella\n",
    );

    const error = refusal(() => indexMapping(readMappingFile(path, USER_KEY_FIELDS), TENANTS));

    expect(error.code).to.equal("ERR_INVALID_MIGRATION_INPUT");
    expect(error.issues.map((i) => [i.line, i.code])).to.deep.equal([
      [2, "ERR_MALFORMED_MAPPING"],
      [3, "ERR_MALFORMED_MAPPING"],
      [4, "ERR_UNKNOWN_TENANT"],
    ]);
    expect(error.issues[0]?.message).to.equal(
      "the row names its record by username and email; a row must use exactly one.",
    );
  });

  it("refuses a file that is not CSV or not JSON, with the line of the syntax error", () => {
    const csv = file("broken.csv", 'email,tenantId\n"ann@corp.example,acme\n');
    const json = file(
      "broken.json",
      '[\n  { "email": "ann@corp.example", "tenantId": "acme" }\n  { "email": "b" }\n]',
    );

    const csvError = refusal(() => readMappingFile(csv, USER_KEY_FIELDS));
    const jsonError = refusal(() => readMappingFile(json, USER_KEY_FIELDS));

    expect(csvError.issues[0]).to.include({ source: csv, code: "ERR_MALFORMED_MAPPING" });
    expect(csvError.issues[0]?.message).to.match(/^the file is not valid CSV \(/);
    expect(jsonError.issues[0]).to.deep.equal({
      source: json,
      line: 3,
      code: "ERR_MALFORMED_MAPPING",
      message: "the file is not valid JSON (CommaExpected).",
      fix: 'write [{ "email": "...", "tenantId": "..." }, ...].',
    });
  });

  it("refuses a file that cannot be read", () => {
    const missing = join(dir, "missing.csv");

    const error = refusal(() => readMappingFile(missing, USER_KEY_FIELDS));

    expect(error.message).to.equal(
      `Refused: the migration input has 1 problem; nothing was written:\n  ${missing} [ERR_MAPPING_UNREADABLE] the mapping file cannot be read (ENOENT). Fix: check the path given to --mapping.`,
    );
  });
});
