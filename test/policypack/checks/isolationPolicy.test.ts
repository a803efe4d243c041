import {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { expect } from "chai";
import { finding, Finding } from "../../../policypack/lib/finding";
import { isolationPolicy, isolationStackPolicy } from "../../../policypack/lib/isolationPolicy";
import { ResourceView, ROLE, ROLE_POLICY } from "../../../policypack/lib/resourceView";
import { RULES } from "../../../policypack/lib/ruleCatalog";

// The wrappers that turn a check into an SDK policy: their default level, the resource types
// they run on, and the view a stack check gets of each resource (parent, inputs read once).

const flagEverything = (view: ResourceView): Finding[] => [
  finding(RULES.scopeUndetermined, "scope", `seen ${view.name}`),
];

const resourceArgs = (type: string, name: string) =>
  ({
    type,
    urn: `urn:pulumi:dev::tenancy::${type}::${name}`,
    name,
    props: { name },
    opts: { parent: "" },
    getConfig: () => ({}),
  }) as unknown as ResourceValidationArgs;

const stackResource = (name: string, parent: { urn?: string; opt?: string }) =>
  ({
    type: ROLE,
    urn: `urn:pulumi:dev::tenancy::${ROLE}::${name}`,
    name,
    props: { name, tags: { team: "a" } },
    opts: { parent: parent.opt ?? "" },
    parent: parent.urn === undefined ? undefined : { urn: parent.urn },
    propertyDependencies: {},
  }) as unknown as PolicyResource;

describe("isolationPolicy and isolationStackPolicy", () => {
  it("are mandatory unless told otherwise", () => {
    const resource: ResourceValidationPolicy = isolationPolicy({
      name: "r",
      description: "d",
      check: flagEverything,
    });
    const stack: StackValidationPolicy = isolationStackPolicy({
      name: "s",
      description: "d",
      check: () => [],
    });
    expect(resource.enforcementLevel).to.equal("mandatory");
    expect(stack.enforcementLevel).to.equal("mandatory");
    expect(
      isolationPolicy({
        name: "a",
        description: "d",
        check: flagEverything,
        enforcementLevel: "advisory",
      }).enforcementLevel,
    ).to.equal("advisory");
  });

  it("a resource policy with types runs its check on those types only", async () => {
    const policy = isolationPolicy({
      name: "r",
      description: "d",
      check: flagEverything,
      types: [ROLE],
    });
    const validate = policy.validateResource as (
      args: ResourceValidationArgs,
      report: (message: string) => void,
    ) => Promise<void>;
    const reported: string[] = [];
    const report = (message: string) => reported.push(message);
    await validate(resourceArgs(ROLE_POLICY, "acme-data-access"), report);
    expect(reported).to.deep.equal([]);
    await validate(resourceArgs(ROLE, "acme-role"), report);
    expect(reported).to.have.length(1);
    expect(reported[0]).to.include("[TI-SCOPE-002]").and.include("seen acme-role");
  });

  it('a stack check sees each resource\'s parent (from the engine or the options, never "") and reads its inputs once', async () => {
    const seen: ResourceView[] = [];
    const policy = isolationStackPolicy({
      name: "s",
      description: "d",
      check: (views) => {
        seen.push(...views);
        return [];
      },
    });
    const TENANT = "urn:pulumi:dev::tenancy::tenancy:index:Tenant::acme";
    const OTHER = "urn:pulumi:dev::tenancy::tenancy:index:Tenant::globex";
    await policy.validateStack(
      {
        resources: [
          stackResource("by-engine", { urn: TENANT, opt: OTHER }),
          stackResource("by-options", { opt: TENANT }),
          stackResource("none", {}),
        ],
        getConfig: () => ({}),
      } as unknown as StackValidationArgs,
      () => undefined,
    );
    expect(seen.map((view) => [view.name, view.parent])).to.deep.equal([
      ["by-engine", TENANT],
      ["by-options", TENANT],
      ["none", undefined],
    ]);
    const first = seen[0];
    expect(first?.props).to.deep.equal({ name: "by-engine", tags: { team: "a" } });
    expect(first?.props).to.equal(first?.props);
  });
});
