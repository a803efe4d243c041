import { expect } from "chai";
import { deployedStack } from "../../plan/deployedStack";
import { runPlan } from "../../plan/runPlan";
import { deployTenancy } from "../../components";
import { TEST_SETTINGS, tenant } from "../helpers/programUnderTest";

describe("deployedStack", () => {
  const poolUrn =
    "urn:pulumi:dev::tenancy::tenancy:index:TenantPlatform$aws:cognito/userPool:UserPool::dev-users";
  const exported = {
    version: 3,
    deployment: {
      resources: [
        {
          urn: poolUrn,
          type: "aws:cognito/userPool:UserPool",
          id: "us-east-1_RealPool1",
          custom: true,
          protect: true,
          inputs: { name: "dev-users" },
          outputs: {
            arn: "arn:aws:cognito-idp:us-east-1:210987654321:userpool/us-east-1_RealPool1",
          },
        },
        {
          urn: "urn:pulumi:dev::tenancy::tenancy:index:TenantPlatform$aws:iam/role:Role::dev-workload",
          type: "aws:iam/role:Role",
          id: "dev-workload",
          custom: true,
          inputs: { name: "dev-workload" },
          outputs: { arn: "arn:aws:iam::210987654321:role/dev-workload" },
        },
      ],
    },
  };

  it("reads the account the stack's IAM ARNs name", () => {
    expect(deployedStack(exported).accountId).to.equal("210987654321");
  });

  it("gives a resource the stack already has its deployed id, so inputs that use it match reality", async () => {
    const { state } = deployedStack(exported);
    const plan = await runPlan(() => deployTenancy(TEST_SETTINGS, [tenant("acme")]), {
      deployed: state,
    });
    const users = plan.resources.filter((r) => r.type === "aws:cognito/user:User");
    expect(users.map((u) => u.inputs.userPoolId)).to.deep.equal(["us-east-1_RealPool1"]);
  });
});
