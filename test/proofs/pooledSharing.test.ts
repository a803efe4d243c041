import { expect } from "chai";
import { pooledRoleArn } from "@tenancy/runtime/naming";
import { POLICY_BUILDERS, proofInputFromTenantSpecs } from "../../proofs/fromTenantSpecs";
import type { ProofInput } from "../../proofs/proofInput";
import { proveIsolation } from "../../proofs/proveIsolation";
import { tenant } from "../helpers/programUnderTest";
import { PLATFORM, verdicts } from "./support";

const SHARDS = 2;
const SHARD_1 = pooledRoleArn({ ...PLATFORM, shard: 1 });

/**
 * Both tiers on two shards, ids extending each other across tiers and shards (acme, acme-x,
 * acmex, acme-eu, ac; beta, beta-2; old, older), suspended tenants in each tier. Shard 1 holds
 * acmex, ac, older, zeta and beta; zeta's neighbour is beta, acmex's is ac.
 */
const SPECS = [
  tenant("acmex", { isolation: "pooled" }),
  tenant("ac", { isolation: "pooled", models: [] }),
  tenant("acme"),
  tenant("acme-x", { isolation: "pooled" }),
  tenant("acme-eu"),
  tenant("old", { isolation: "pooled", status: "suspended" }),
  tenant("older", { isolation: "pooled", status: "suspended" }),
  tenant("gamma", { isolation: "pooled", models: [] }),
  tenant("beta-2", { isolation: "pooled" }),
  tenant("delta", { status: "suspended" }),
  tenant("zeta", { isolation: "pooled" }),
  tenant("beta", { isolation: "pooled" }),
];

function mixedInput(): ProofInput {
  return proofInputFromTenantSpecs(SPECS, PLATFORM, POLICY_BUILDERS, SHARDS);
}

describe("pooled tenants sharing simulations", () => {
  it("give exactly the judgements of a full evaluation, with far fewer simulations", async () => {
    const input = mixedInput();
    const shared = await proveIsolation(input);
    const full = await proveIsolation(input, { shareShapes: false });
    expect(shared.results).to.deep.equal(full.results);
    expect(shared.premises).to.deep.equal(full.premises);
    expect(shared.ok).to.equal(true);
    expect(full.totals.simulations).to.equal(full.results.length + full.calibration.length);
    // Dozens of probes per tenant after the first of its shard, status and models.
    expect(shared.totals.simulations).to.be.below(full.totals.simulations * 0.7);
  });

  it("do not share on a shard whose role policy differs from the builder's by one statement", async () => {
    const input = mixedInput();
    const bucket = `arn:aws:s3:::${PLATFORM.bucketName}`;
    // Shard 1's policy gains a grant naming beta: on a shared evaluation zeta (neighbour beta)
    // would inherit acmex's verdicts (neighbour ac), which pass.
    const edited: ProofInput = {
      ...input,
      tenants: input.tenants.map((t) =>
        t.roleArn !== SHARD_1
          ? t
          : {
              ...t,
              identityPolicy: {
                ...t.identityPolicy,
                Statement: [
                  ...(t.identityPolicy.Statement as unknown[]),
                  { Effect: "Allow", Action: "s3:GetObject", Resource: `${bucket}/tenants/beta/*` },
                ],
              },
            },
      ),
    };
    const shared = await proveIsolation(edited);
    const full = await proveIsolation(edited, { shareShapes: false });
    expect(shared.results).to.deep.equal(full.results);
    expect(verdicts(shared, "fail")).to.include("zeta s3.get-object.neighbour");
    expect(verdicts(shared, "fail")).not.to.include("acmex s3.get-object.neighbour");
    // Shard 1's tenants are simulated probe by probe; the other shard still shares.
    const onShard1 = shared.tenants
      .filter((t) => input.tenants.find((i) => i.tenantId === t.tenantId)!.roleArn === SHARD_1)
      .reduce((sum, t) => sum + t.probes, 0);
    const clean = await proveIsolation(input);
    expect(onShard1).to.be.above(0);
    expect(shared.totals.simulations).to.be.above(clean.totals.simulations);
    expect(shared.totals.simulations).to.be.at.least(onShard1 + shared.calibration.length);
  });
});
