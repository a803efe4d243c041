import { expect } from "chai";
import { PlacedStatement } from "../../../../policypack/lib/evaluation/decide";
import { probesFor } from "../../../../policypack/lib/evaluation/probes";
import { tenantTarget } from "../../../../policypack/lib/evaluation/tenantTarget";
import { RULES } from "../../../../policypack/lib/ruleCatalog";
import { readSettings } from "../../../../policypack/lib/settings";
import { placedStatements } from "./fixtures";

// probesFor tries every action some Allow grants, one action per kind: actions with the same
// resource types, access level, probe-deciding keys, verb family, granting statements and
// support for the tested condition keys get the same verdict, so only the first (in the
// reference's order) is tried.

const TABLE = "arn:aws:dynamodb:eu-west-1:123456789012:table/tenant-data";

const placed = (...statements: Record<string, unknown>[]) => placedStatements(statements);
const allow = (action: string | string[], extra: Record<string, unknown> = {}) => ({
  Effect: "Allow",
  Action: action,
  Resource: TABLE,
  ...extra,
});

const probed = (statements: PlacedStatement[], settings: Record<string, unknown> = {}) => {
  const target = tenantTarget(
    "acme",
    readSettings(settings),
    statements.map((s) => s.document),
  );
  return probesFor(statements, target);
};
const actionsProbed = (statements: PlacedStatement[], settings: Record<string, unknown> = {}) => [
  ...new Set(probed(statements, settings).map((probe) => probe.action)),
];

describe("probesFor: which actions are probed", () => {
  it("probes only the actions an Allow grants", () => {
    expect(actionsProbed(placed(allow("dynamodb:PutItem")))).to.deep.equal(["dynamodb:PutItem"]);
  });

  it("matches action names in any case, as IAM does", () => {
    expect(actionsProbed(placed(allow("DynamoDB:putitem")))).to.deep.equal(["dynamodb:PutItem"]);
  });

  it("probes what a NotAction Allow leaves in, not what it names", () => {
    const notAction = actionsProbed(
      placed({ Effect: "Allow", NotAction: ["dynamodb:*", "bedrock:*"], Resource: TABLE }),
    );
    expect(notAction.filter((name) => /^(dynamodb|bedrock):/.test(name))).to.deep.equal([]);
    expect(notAction).to.include("s3:GetObject");
  });

  it("does not take a Deny's actions for granted", () => {
    const actions = actionsProbed(
      placed(allow("dynamodb:PutItem"), { Effect: "Deny", Action: "s3:*", Resource: "*" }),
    );
    expect(actions).to.deep.equal(["dynamodb:PutItem"]);
  });
});

describe("probesFor: one action per kind", () => {
  it("tries only the first of actions of the same kind", () => {
    // Both write items of a table and carry dynamodb:LeadingKeys; BatchWriteItem comes first.
    expect(
      actionsProbed(
        placed(allow(["dynamodb:UpdateItem", "dynamodb:PutItem", "dynamodb:BatchWriteItem"])),
      ),
    ).to.deep.equal(["dynamodb:BatchWriteItem"]);
    // BatchGetItem and ConditionCheckItem read items alike ("Get" inside a name is no Get verb).
    expect(
      actionsProbed(placed(allow(["dynamodb:ConditionCheckItem", "dynamodb:BatchGetItem"]))),
    ).to.deep.equal(["dynamodb:BatchGetItem"]);
  });

  it("tries an action without dynamodb:LeadingKeys apart from one with it", () => {
    // Scan carries no key, so a LeadingKeys condition cannot hold it to the tenant's items.
    expect(actionsProbed(placed(allow(["dynamodb:Query", "dynamodb:Scan"])))).to.deep.equal([
      "dynamodb:Query",
      "dynamodb:Scan",
    ]);
  });

  it("tries a Get verb apart from other reads", () => {
    expect(
      actionsProbed(placed(allow(["dynamodb:BatchGetItem", "dynamodb:GetItem"]))),
    ).to.deep.equal(["dynamodb:BatchGetItem", "dynamodb:GetItem"]);
  });

  it("tries actions apart when different statements grant them", () => {
    // Each statement may scope its action differently.
    expect(
      actionsProbed(placed(allow("dynamodb:PutItem"), allow("dynamodb:UpdateItem"))),
    ).to.deep.equal(["dynamodb:PutItem", "dynamodb:UpdateItem"]);
  });

  it("tries actions apart when only one carries a condition key the statements test", () => {
    // PutItem carries dynamodb:ReturnValues, BatchWriteItem does not: the condition sees it absent.
    const writes = ["dynamodb:BatchWriteItem", "dynamodb:PutItem"];
    expect(actionsProbed(placed(allow(writes)))).to.deep.equal(["dynamodb:BatchWriteItem"]);
    const returning = allow(writes, {
      Condition: { StringEquals: { "dynamodb:ReturnValues": "NONE" } },
    });
    expect(actionsProbed(placed(returning))).to.deep.equal(writes);
    // BatchGetItem carries dynamodb:Select only, ConditionCheckItem dynamodb:ReturnValues only.
    const reads = ["dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem"];
    const both = allow(reads, {
      Condition: {
        StringEquals: { "dynamodb:Select": "ALL_ATTRIBUTES", "dynamodb:ReturnValues": "NONE" },
      },
    });
    expect(actionsProbed(placed(both))).to.deep.equal(reads);
  });
});

describe("probesFor: documents of the same shape", () => {
  // Granted actions are kept per shape of the documents (effects, actions, condition keys): two
  // documents that differ in any of these must not share an answer.
  // An action name the reference does not know grants nothing.
  const reads = ["dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem"];

  it("tells apart documents whose action lists concatenate alike", () => {
    expect(actionsProbed(placed(allow(reads)))).to.deep.equal(["dynamodb:BatchGetItem"]);
    expect(actionsProbed(placed(allow(reads.join(""))))).to.deep.equal([]);
  });

  it("tells apart documents whose statements concatenate alike", () => {
    const two = placed(allow("dynamodb:PutItem"), allow("dynamodb:UpdateItem"));
    expect(actionsProbed(two)).to.deep.equal(["dynamodb:PutItem", "dynamodb:UpdateItem"]);
    const one = placed(allow("dynamodb:PutItem:Allow:false:dynamodb:UpdateItem"));
    expect(actionsProbed(one)).to.deep.equal([]);
  });

  it("tells apart documents testing different condition keys", () => {
    const testing = (...keys: string[]) =>
      placed(
        allow(reads, {
          Condition: { StringEquals: Object.fromEntries(keys.map((key) => [key, "x"])) },
        }),
      );
    expect(actionsProbed(testing("dynamodb:Select", "dynamodb:ReturnValues"))).to.deep.equal(reads);
    // A key neither carries, and keys both carry, leave them one kind.
    expect(actionsProbed(testing("dynamodb:Selectdynamodb:ReturnValues"))).to.deep.equal([
      "dynamodb:BatchGetItem",
    ]);
    expect(
      actionsProbed(testing("dynamodb:Attributes", "dynamodb:ReturnConsumedCapacity")),
    ).to.deep.equal(["dynamodb:BatchGetItem"]);
  });
});

describe("probesFor: the stack tag of other tenants' inference profiles", () => {
  // Profiles carry the stack's prefix in tenancyStack, so another tenant's profile of this stack
  // differs from the tenant's own only in its tenantId tag.
  const invoke = { Effect: "Allow", Action: "bedrock:InvokeModel", Resource: "*" };
  const pinned = (...conditions: Record<string, unknown>[]) =>
    conditions.map((Condition) => ({ ...invoke, Condition }));
  const stackTagOf = (statements: PlacedStatement[], settings: Record<string, unknown> = {}) =>
    probed(statements, settings)
      .filter((probe) => probe.resource.endsWith(":application-inference-profile/samplezzother"))
      .map((probe) => probe.context.values("aws:ResourceTag/tenancyStack"));

  it("is the stack's prefix when the settings give it", () => {
    expect(stackTagOf(placed(invoke), { namePrefix: "dev" })).to.deep.equal([["dev"]]);
    const prod = pinned({ StringEquals: { "aws:ResourceTag/tenancyStack": "prod" } });
    expect(stackTagOf(placed(...prod), { namePrefix: "dev" })).to.deep.equal([["dev"]]);
  });

  it("is the value the documents pin the tag to when the prefix is unknown", () => {
    const prod = pinned({
      StringEquals: { "aws:ResourceTag/tenantId": "acme", "AWS:resourceTag/TenancyStack": "prod" },
    });
    expect(stackTagOf(placed(...prod))).to.deep.equal([["prod"]]);
  });

  it("skips a condition that lists no value for the tag", () => {
    const statements = placed(
      ...pinned(
        { StringEquals: { "aws:ResourceTag/tenancyStack": [] } },
        { StringEquals: { "aws:ResourceTag/tenancyStack": "prod" } },
      ),
    );
    expect(statements[0]?.statement.conditions[0]?.values).to.deep.equal([]);
    expect(stackTagOf(statements)).to.deep.equal([["prod"]]);
  });

  it("is the default stack's prefix when nothing names one", () => {
    expect(stackTagOf(placed(invoke))).to.deep.equal([["tenancy"]]);
  });
});

describe("probesFor: declared per-tenant resources", () => {
  const QUEUES = "arn:aws:sqs:eu-west-1:123456789012:dev-{tenantId}-jobs";

  it("probes the granted actions of a declared pattern's service on other tenants' instances", () => {
    const statements = placed({
      Effect: "Allow",
      Action: "sqs:SendMessage",
      Resource: "arn:aws:sqs:eu-west-1:123456789012:dev-*-jobs",
    });
    const probes = probed(statements, { tenantResources: [{ arn: QUEUES }] });
    expect(
      probes.map((probe) => [probe.action, probe.rule, probe.resource]),
    ).to.deep.include.members([
      [
        "sqs:SendMessage",
        RULES.leakTenantResource,
        "arn:aws:sqs:eu-west-1:123456789012:dev-zz-other-jobs",
      ],
      [
        "sqs:SendMessage",
        RULES.leakTenantResource,
        "arn:aws:sqs:eu-west-1:123456789012:dev-acmex-jobs",
      ],
    ]);
  });

  it("probes nothing for a pattern of a service the reference does not know", () => {
    const statements = placed({ Effect: "Allow", Action: "*", Resource: "*" });
    const probes = probed(statements, {
      tenantResources: [{ arn: "arn:aws:nosuchservice:eu-west-1:123456789012:{tenantId}" }],
    });
    expect(probes.filter((probe) => probe.rule === RULES.leakTenantResource)).to.deep.equal([]);
  });
});
