import { expect } from "chai";
import { allow, BUCKET, TABLE } from "../corpus";
import { withDocument } from "../stackMutations";
import { mandatoryOn } from "./mandatoryFindings";
import { pooledStack } from "../tenantStackFixture";

// A shard role's session is whichever pooled tenant its tag names (hooli, umbrella): a grant
// tied to the tag by a pattern, in another case, or spared by one value of a Deny list must be
// judged for the tenants it names, not only for an unnamed one.

const TAG = "aws:PrincipalTag/tenantId";

const shardFindings = (...statements: Record<string, unknown>[]) =>
  mandatoryOn(
    withDocument(pooledStack(), "pooled-0-data-access", "policy", (doc) => ({
      ...doc,
      Statement: [...doc.Statement, ...statements],
    })),
    "pooled-0-data-access",
  );

describe("pooled shard sessions named by tag conditions", () => {
  const cases: [string, Record<string, unknown>[], string][] = [
    [
      "a pattern on the tag (umbrella matches u*)",
      [
        allow("s3:GetObject", `${BUCKET}/tenants/*`, {
          Condition: { StringLike: { [TAG]: "u*" } },
        }),
      ],
      "TI-LEAK-002",
    ],
    [
      "a set operator's pattern (hooli matches h*)",
      [
        allow("s3:GetObject", `${BUCKET}/tenants/*`, {
          Condition: { "ForAnyValue:StringLike": { [TAG]: ["h*"] } },
        }),
      ],
      "TI-LEAK-002",
    ],
    [
      "single-character wildcards (every five-letter id)",
      [allow("dynamodb:Scan", TABLE, { Condition: { StringLike: { [TAG]: "?????" } } })],
      "TI-LEAK-001",
    ],
    [
      "another case under IgnoreCase (HOOLI is hooli)",
      [
        allow("dynamodb:Scan", TABLE, {
          Condition: { StringEqualsIgnoreCase: { [TAG]: "HOOLI" } },
        }),
      ],
      "TI-LEAK-001",
    ],
    [
      "a Deny that spares the second id of its list",
      [
        allow("s3:GetObject", `${BUCKET}/tenants/*`),
        {
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { StringNotEquals: { [TAG]: ["vandelay", "umbrella"] } },
        },
      ],
      "TI-LEAK-002",
    ],
  ];
  for (const [name, statements, rule] of cases)
    it(`finds a leak granted through ${name}`, async () => {
      expect(await shardFindings(...statements)).to.deep.equal([rule]);
    });

  it("passes a Deny that spares no session", async () => {
    expect(
      await shardFindings(allow("s3:GetObject", `${BUCKET}/tenants/*`), {
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        Condition: { StringLike: { [TAG]: "*" } },
      }),
    ).to.deep.equal([]);
  });
});
