import { expect } from "chai";
import {
  formatIndexes,
  indexProblems,
  parseIndexes,
  type TenantIndex,
} from "@tenancy/runtime/indexes";

const NAME = 'name must be 3-255 letters, digits, "_", "." or "-"';
const ATTRIBUTE = 'must be an attribute name of letters, digits and "_", not starting with a digit';

function parsed(text: string) {
  const problems: string[] = [];
  return { indexes: parseIndexes(text, problems), problems };
}

/** indexProblems of indexes given loosely, as a JSON config could hold them. */
function problemsOf(...indexes: Record<string, unknown>[]): string[] {
  return indexProblems(indexes as unknown as TenantIndex[]);
}

describe("TENANCY_INDEXES (runtime/src/indexes.ts)", () => {
  it("reads name:partitionKey[:sortKey] entries, spaces around entries ignored, and writes them back", () => {
    const indexes = [
      { name: "byEmail", partitionKey: "email" },
      { name: "byStatus", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    ];
    expect(parsed(" byEmail:email , byStatus:gsi1pk:gsi1sk ")).to.deep.equal({
      indexes,
      problems: [],
    });
    expect(formatIndexes(indexes)).to.equal("byEmail:email,byStatus:gsi1pk:gsi1sk");
  });

  for (const entry of ["a:b:c:d", ":email", "byEmail", "byEmail:", "byEmail:email:"]) {
    it(`refuses the entry ${JSON.stringify(entry)}, naming it`, () => {
      expect(parsed(`ok1:pk1,${entry}`)).to.deep.equal({
        indexes: undefined,
        problems: [`"${entry}" is not name:partitionKey[:sortKey]`],
      });
    });
  }
});

describe("indexProblems", () => {
  it("accepts well-formed indexes, a sort key optional", () => {
    expect(
      problemsOf(
        { name: "byEmail", partitionKey: "email" },
        { name: "by.Status_2-x", partitionKey: "_gsi1pk", sortKey: "gsi1sk" },
      ),
    ).to.deep.equal([]);
  });

  it("refuses names DynamoDB refuses, anywhere in the name", () => {
    for (const name of ["ab", "x".repeat(256), " byEmail", "byEmail!", "by:Email", 42, 12345])
      expect(problemsOf({ name, partitionKey: "email" }), String(name)).to.deep.equal([
        `index ${JSON.stringify(name)}: ${NAME}`,
      ]);
    expect(problemsOf({ name: "x".repeat(255), partitionKey: "email" })).to.deep.equal([]);
  });

  it("refuses an index name declared twice, once", () => {
    expect(
      problemsOf(
        { name: "byEmail", partitionKey: "email" },
        { name: "byEmail", partitionKey: "email2" },
        { name: "byEmail", partitionKey: "email3" },
      ),
    ).to.deep.equal(['index "byEmail": declared twice', 'index "byEmail": declared twice']);
  });

  it("refuses key attributes that would reach an object's prototype", () => {
    for (const key of ["__proto__", "constructor", "prototype"]) {
      expect(problemsOf({ name: "byKey", partitionKey: key })).to.deep.equal([
        `index "byKey": partitionKey ${key} is reserved`,
      ]);
      expect(problemsOf({ name: "byKey", partitionKey: "email", sortKey: key })).to.deep.equal([
        `index "byKey": sortKey ${key} is reserved`,
      ]);
    }
  });

  it("refuses key attributes that are missing, not strings or not plain names", () => {
    for (const partitionKey of [undefined, 7, "", "1email", "-email", "e-mail", "e mail"])
      expect(problemsOf({ name: "byKey", partitionKey }), String(partitionKey)).to.deep.equal([
        `index "byKey": partitionKey ${ATTRIBUTE}`,
      ]);
    for (const sortKey of [7, "1date", "da-te"])
      expect(
        problemsOf({ name: "byKey", partitionKey: "email", sortKey }),
        String(sortKey),
      ).to.deep.equal([`index "byKey": sortKey ${ATTRIBUTE}`]);
  });

  it("refuses sk as an index partition key and a tenant-scoped attribute as a sort key", () => {
    expect(problemsOf({ name: "bySk", partitionKey: "sk" })).to.deep.equal([
      "index \"bySk\": partitionKey sk is the table's sort key, stored without the tenant prefix, so one index partition would hold every tenant's items",
    ]);
    const scoped = (sortKey: string) =>
      `index "bySort": sortKey ${sortKey} is a tenant-scoped partition key (stored as <tenantId>#<value>), which the runtime does not prefix in sort-key conditions`;
    expect(problemsOf({ name: "bySort", partitionKey: "email", sortKey: "pk" })).to.deep.equal([
      scoped("pk"),
    ]);
    expect(
      problemsOf(
        { name: "byOther", partitionKey: "gsi2pk" },
        { name: "bySort", partitionKey: "email", sortKey: "gsi2pk" },
      ),
    ).to.deep.equal([scoped("gsi2pk")]);
  });
});
