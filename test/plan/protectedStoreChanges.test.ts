import { expect } from "chai";
import { PlannedResource } from "../../plan/plannedResource";
import { protectedStoreChanges } from "../../plan/protectedStoreChanges";
import { planFor, tenant } from "../helpers/programUnderTest";

describe("protectedStoreChanges", () => {
  let deployed: PlannedResource[];
  before(async () => {
    deployed = (await planFor([tenant("acme")])).resources;
  });

  it("accepts the deployed stack itself, ignoring the defaults the state records beside the inputs", async () => {
    const withDefaults = deployed.map((r) => ({
      ...r,
      inputs: { ...r.inputs, __defaults: ["arn"], region: "us-east-1" },
    }));
    const replanned = await planFor([tenant("acme")]);
    expect(protectedStoreChanges(replanned.resources, withDefaults)).to.deep.equal([]);
  });

  it("refuses a new name prefix: every protected store would be deleted", async () => {
    const renamed = await planFor([tenant("acme")], { namePrefix: "prod" });
    const refused = protectedStoreChanges(renamed.resources, deployed);
    expect(refused.map((c) => c.urn)).to.have.members(
      deployed.filter((r) => r.protect).map((r) => r.urn),
    );
    expect(refused).to.have.length(8);
    expect(refused[0].message).to.contain("is deployed but no longer planned");
  });

  it("tells how to turn Bedrock invocation logging off without deleting its protected log group", async () => {
    const logging = await planFor([tenant("acme")], {
      bedrockInvocationLogging: true,
    });
    const refused = protectedStoreChanges(deployed, logging.resources);
    expect(refused.map((c) => c.message)).to.deep.equal([
      `the protected aws:cloudwatch/logGroup:LogGroup ${logging.resources.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")?.urn} is deployed but no longer planned (Bedrock invocation logging turned off?), and Pulumi refuses to delete a protected resource. Fix: pulumi state unprotect '${logging.resources.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")?.urn}' first; the log group and its records are then kept (retainOnDelete)`,
    ]);
  });

  it("refuses a changed or removed user pool schema entry, naming the entry and why", () => {
    const pool = deployed.find((r) => r.type === "aws:cognito/userPool:UserPool")!;
    const deployedSchemas = pool.inputs.schemas as Record<string, unknown>[];
    const changed = { ...deployedSchemas[0], mutable: false };
    const planned = deployed.map((r) =>
      r === pool ? { ...r, inputs: { ...r.inputs, schemas: [changed] } } : r,
    );
    const refused = protectedStoreChanges(planned, deployed);
    expect(refused.map((c) => c.urn)).to.deep.equal([pool.urn]);
    expect(refused[0].message).to.contain(
      `input "schemas" would change or lose the deployed entry ${JSON.stringify(deployedSchemas[0])}, but Cognito can add custom attributes to a pool but never change or remove one`,
    );
    const removed = deployed.map((r) =>
      r === pool ? { ...r, inputs: { ...r.inputs, schemas: [] } } : r,
    );
    expect(protectedStoreChanges(removed, deployed)).to.have.length(1);
  });

  it("accepts a custom attribute added beside the deployed ones: Cognito adds it in place", () => {
    const pool = deployed.find((r) => r.type === "aws:cognito/userPool:UserPool")!;
    const added = {
      name: "plan",
      attributeDataType: "String",
      mutable: true,
      stringAttributeConstraints: { minLength: "1", maxLength: "32" },
    };
    const planned = deployed.map((r) =>
      r === pool
        ? { ...r, inputs: { ...r.inputs, schemas: [...(r.inputs.schemas as unknown[]), added] } }
        : r,
    );
    expect(protectedStoreChanges(planned, deployed)).to.deep.equal([]);
  });
});
