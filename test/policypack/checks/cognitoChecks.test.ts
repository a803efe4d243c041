import { expect } from "chai";
import { checkCognito } from "../../../policypack/lib/checks/cognitoChecks";
import {
  MANAGED_USER_POOL_CLIENT,
  ResourceView,
  USER_POOL_CLIENT,
} from "../../../policypack/lib/resourceView";

// TI-COG-001 on an app client directly: where the tenant id is writable and what is reported.

const client = (props: Record<string, unknown>, type = USER_POOL_CLIENT): ResourceView => ({
  type,
  urn: "urn:pulumi:dev::tenancy::aws:cognito/userPoolClient:UserPoolClient::app",
  name: "app",
  props,
});
const reported = (props: Record<string, unknown>, type = USER_POOL_CLIENT) =>
  checkCognito(client(props, type)).map(({ rule, location, value }) => ({
    rule: rule.id,
    kind: rule.kind,
    location,
    value,
  }));

describe("checkCognito: an app client that can write custom:tenantId", () => {
  it("writeAttributes not set: every attribute is writable, reported on writeAttributes", () => {
    const [found, ...more] = reported({ userPoolId: "pool" });
    expect(more).to.deep.equal([]);
    expect(found).to.include({
      rule: "TI-COG-001",
      kind: "guard",
      location: "writeAttributes",
      value: "not set, so every writable attribute (custom:tenantId included) is writable",
    });
  });

  it("a list naming the tenant attribute (any case) is reported with the list", () => {
    const [found, ...more] = reported({ writeAttributes: ["email", "Custom:TenantId"] });
    expect(more).to.deep.equal([]);
    expect(found?.rule).to.equal("TI-COG-001");
    expect(found?.location).to.equal("writeAttributes");
    expect(found?.value).to.include("email").and.include("Custom:TenantId");
    expect(found?.value).to.match(/ includes .*custom:tenantId/);
  });

  it("a list with a non-string element and no tenant attribute is safe (and does not throw)", () => {
    expect(reported({ writeAttributes: [7, null, "email"] })).to.deep.equal([]);
  });

  it("a managed app client is held to the same rule (unset, or naming the attribute)", () => {
    for (const props of [{ userPoolId: "pool" }, { writeAttributes: ["custom:tenantId"] }]) {
      const [found, ...more] = reported(props, MANAGED_USER_POOL_CLIENT);
      expect(more).to.deep.equal([]);
      expect(found).to.include({ rule: "TI-COG-001", kind: "guard", location: "writeAttributes" });
    }
    expect(reported({ writeAttributes: ["email"] }, MANAGED_USER_POOL_CLIENT)).to.deep.equal([]);
  });

  it("another Cognito resource is not an app client, whatever its inputs", () => {
    expect(reported({ userPoolId: "pool" }, "aws:cognito/userPool:UserPool")).to.deep.equal([]);
  });
});
