import { expect } from "chai";
import { derivePlatformSettings } from "../../../check/platformSettings";
import { checkScope } from "../../../policypack/lib/checks/scopeChecks";
import { ResourceView } from "../../../policypack/lib/resourceView";
import { PackSettings, readSettings } from "../../../policypack/lib/settings";
import { BASELINE_TENANTS, PLATFORM, tenantStack } from "../tenantStackFixture";

// checkScope directly: TI-SCOPE-001 on resource policies and platform IAM that reach the shared
// stores (and not on other buckets), TI-SCOPE-002 on tenant IAM whose tenant is unclear.

const settings = readSettings({ ...derivePlatformSettings(tenantStack(BASELINE_TENANTS)) });
const SHARED_OBJECTS = `arn:aws:s3:::${PLATFORM.bucketName}/*`;
const AP_OBJECTS = `arn:aws:s3:${PLATFORM.region}:${PLATFORM.accountId}:accesspoint/reports/object/*`;
const FOREIGN_ROLE = "arn:aws:iam::999999999999:role/x";
const grant = (Resource: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Read",
        Effect: "Allow",
        Principal: { AWS: FOREIGN_ROLE },
        Action: "s3:GetObject",
        Resource,
      },
    ],
  });
const PLATFORM_PARENT = "urn:pulumi:dev::tenancy::tenancy:index:TenantPlatform::dev";
const platformView = (type: string, props: Record<string, unknown>): ResourceView => ({
  type,
  urn: `urn:pulumi:dev::tenancy::tenancy:index:TenantPlatform$${type}::dev-x`,
  name: "dev-x",
  parent: PLATFORM_PARENT,
  props,
});
const found = (view: ResourceView, with_: PackSettings = settings) =>
  checkScope(view, with_).map((f) => ({
    rule: f.rule.id,
    kind: f.rule.kind,
    location: f.location,
    value: f.value,
  }));
const ACCESS_POINT = "aws:s3/accessPoint:AccessPoint";
const scope001 = (resource: string, how: string) => ({
  rule: "TI-SCOPE-001",
  kind: "guard",
  location: "policy statement 0 (Sid Read)",
  value: `["s3:GetObject"] on ["${resource}"] ${how}`,
});

describe("checkScope: resource policies and platform IAM on the shared stores", () => {
  it("an access point on the shared bucket granting its objects", () => {
    expect(
      found(
        platformView(ACCESS_POINT, {
          bucket: PLATFORM.bucketName,
          name: "reports",
          policy: grant(AP_OBJECTS),
        }),
      ),
    ).to.deep.equal([scope001(AP_OBJECTS, "granted by a resource policy")]);
  });

  it("an access point whose bucket is not known (absent) is judged as if on the shared one", () => {
    expect(
      found(platformView(ACCESS_POINT, { name: "reports", policy: grant(AP_OBJECTS) })),
    ).to.deep.equal([scope001(AP_OBJECTS, "granted by a resource policy")]);
  });

  it("an access point on another bucket is not judged, unless the shared bucket's name is unknown", () => {
    const other = platformView(ACCESS_POINT, {
      bucket: "dev-reports",
      name: "reports",
      policy: grant(AP_OBJECTS),
    });
    expect(found(other)).to.deep.equal([]);
    expect(found(other, readSettings({}))).to.deep.equal([
      scope001(AP_OBJECTS, "granted by a resource policy"),
    ]);
  });

  it("a bucket policy naming the shared bucket's objects, whatever bucket it sits on", () => {
    const policy = "aws:s3/bucketPolicy:BucketPolicy";
    expect(
      found(platformView(policy, { bucket: "dev-reports", policy: grant(SHARED_OBJECTS) })),
    ).to.deep.equal([scope001(SHARED_OBJECTS, "granted by a resource policy")]);
    expect(
      found(
        platformView(policy, {
          bucket: "dev-reports",
          policy: grant("arn:aws:s3:::dev-reports/*"),
        }),
      ),
    ).to.deep.equal([]);
  });

  it("a platform user's policy on the shared objects is outside any tenant's scope; on another bucket it is fine", () => {
    const userPolicy = "aws:iam/userPolicy:UserPolicy";
    expect(
      found(platformView(userPolicy, { user: "bob", policy: grant(SHARED_OBJECTS) })),
    ).to.deep.equal([scope001(SHARED_OBJECTS, "outside any tenant's scope")]);
    expect(
      found(platformView(userPolicy, { user: "bob", policy: grant("arn:aws:s3:::dev-reports/*") })),
    ).to.deep.equal([]);
  });
});

describe("checkScope: tenant IAM whose tenant is unclear", () => {
  it("a tenant role tagged for another tenant: TI-SCOPE-002 on its scope", () => {
    const role: ResourceView = {
      type: "aws:iam/role:Role",
      urn: "urn:pulumi:dev::tenancy::tenancy:index:Tenant$aws:iam/role:Role::acme-role",
      name: "acme-role",
      parent: "urn:pulumi:dev::tenancy::tenancy:index:Tenant::acme",
      props: { name: "dev-tenant-acme", tags: { tenantId: "globex" } },
    };
    expect(found(role)).to.deep.equal([
      {
        rule: "TI-SCOPE-002",
        kind: "guard",
        location: "scope",
        value:
          'its tenant is ambiguous: parent Tenant component says "acme", tag tenantId says "globex"',
      },
    ]);
  });
});
