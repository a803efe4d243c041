import { expect } from "chai";
import { fromEnv } from "@tenancy/runtime";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { environmentBytes, environmentWarning } from "../../plan/lambdaEnvironment";
import { planFor, tenant } from "../helpers/programUnderTest";

describe("runtimeEnvironment and Lambda's 4 KB", () => {
  const tenants = (count: number) => Array.from({ length: count }, (_, i) => tenant(`t${i}`));

  it("says nothing while the environment fits", async () => {
    const plan = await planFor(tenants(3));
    const environment = plan.outputs.runtimeEnvironment as Record<string, string>;
    expect(environmentBytes(environment)).to.be.below(4096);
    expect(environmentWarning(environment)).to.equal(undefined);
  });

  it("warns, with the fix, once the profile map outgrows it; the file form carries the same map", async () => {
    const plan = await planFor(tenants(40));
    const environment = plan.outputs.runtimeEnvironment as Record<string, string>;
    expect(environmentWarning(environment)).to.equal(
      `runtimeEnvironment holds ${environmentBytes(environment)} bytes, more than the 4096 bytes Lambda allows for all of a function's environment variables. Fix: ship the stack output inferenceProfiles as a file with the function and set TENANCY_INFERENCE_PROFILES_FILE to its path instead of TENANCY_INFERENCE_PROFILES.`,
    );
    const file = join(mkdtempSync(join(tmpdir(), "profiles-")), "profiles.json");
    writeFileSync(file, JSON.stringify(plan.outputs.inferenceProfiles));
    const { TENANCY_INFERENCE_PROFILES: inline, ...rest } = environment;
    const withFile = { ...rest, TENANCY_INFERENCE_PROFILES_FILE: file };
    expect(environmentWarning(withFile)).to.equal(undefined);
    const config = (env: Record<string, string>) => fromEnv({ AWS_REGION: "us-east-1", ...env });
    expect(config(withFile).inferenceProfiles).to.deep.equal(
      config({ ...rest, TENANCY_INFERENCE_PROFILES: String(inline) }).inferenceProfiles,
    );
  });
});
