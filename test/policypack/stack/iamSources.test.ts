import { expect } from "chai";
import {
  documentSources,
  IDENTITY_DOCUMENT_TYPES,
  managedPolicyReferences,
  RESOURCE_POLICY_TYPES,
} from "../../../policypack/lib/iamSources";
import { UNKNOWN } from "../../../policypack/lib/knownValues";
import {
  ACCESS_POINT,
  ACCESS_POINT_POLICY,
  ATTACHMENT_TYPES,
  BUCKET_POLICY,
  DYNAMODB_RESOURCE_POLICY,
  GROUP_POLICY,
  MANAGED_POLICY,
  ResourceView,
  ROLE,
  ROLE_POLICY,
  USER_POLICY,
} from "../../../policypack/lib/resourceView";

// documentSources / managedPolicyReferences directly: which inputs of which AWS provider types
// carry an IAM document or name a managed policy, as the pack reads them.

const view = (type: string, props: Record<string, unknown>, extra?: Partial<ResourceView>) =>
  ({
    type,
    urn: `urn:pulumi:dev::tenancy::${type}::r`,
    name: "r",
    props,
    ...extra,
  }) as ResourceView;
const DOC = '{"Version":"2012-10-17","Statement":[]}';
const OTHER_DOC = { Version: "2012-10-17", Statement: [{ Effect: "Deny" }] };
const TRUST = '{"Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"}}]}';

describe("iamSources", () => {
  describe("the type lists", () => {
    it("identity documents: a role's inline policies and the four *Policy resources", () => {
      // aws.iam.Role (inlinePolicies), RolePolicy, Policy, UserPolicy, GroupPolicy; attachments
      // carry no document of their own.
      expect([...IDENTITY_DOCUMENT_TYPES].sort()).to.deep.equal(
        [ROLE, ROLE_POLICY, MANAGED_POLICY, USER_POLICY, GROUP_POLICY].sort(),
      );
    });

    it("resource policies: bucket, DynamoDB, access point policies and the access point's own", () => {
      expect([...RESOURCE_POLICY_TYPES].sort()).to.deep.equal(
        [BUCKET_POLICY, DYNAMODB_RESOURCE_POLICY, ACCESS_POINT_POLICY, ACCESS_POINT].sort(),
      );
    });
  });

  describe("documentSources", () => {
    const policyTypes: [string, "identity" | "resource"][] = [
      [ROLE_POLICY, "identity"],
      [MANAGED_POLICY, "identity"],
      [USER_POLICY, "identity"],
      [GROUP_POLICY, "identity"],
      [BUCKET_POLICY, "resource"],
      [DYNAMODB_RESOURCE_POLICY, "resource"],
      [ACCESS_POINT_POLICY, "resource"],
      // aws.s3.AccessPoint takes its policy as an input of its own.
      [ACCESS_POINT, "resource"],
    ];
    for (const [type, kind] of policyTypes) {
      it(`${type}: its policy input, as a ${kind} document, in whatever form it was written`, () => {
        expect(documentSources(view(type, { policy: DOC, role: "x" }))).to.deep.equal([
          { location: "policy", kind, raw: DOC },
        ]);
        expect(documentSources(view(type, { policy: OTHER_DOC }))).to.deep.equal([
          { location: "policy", kind, raw: OTHER_DOC },
        ]);
        // An absent or unknown policy is still a source: readers skip or fail it, not this.
        expect(documentSources(view(type, {}))).to.deep.equal([
          { location: "policy", kind, raw: undefined },
        ]);
        expect(documentSources(view(type, { policy: UNKNOWN }))).to.deep.equal([
          { location: "policy", kind, raw: UNKNOWN },
        ]);
      });
    }

    for (const type of ATTACHMENT_TYPES) {
      it(`${type}: the document of the stack's Policy it attaches, once traced`, () => {
        const attached = view(MANAGED_POLICY, { policy: DOC }, { name: "dev-extra" });
        expect(
          documentSources(
            view(type, { policyArn: UNKNOWN, policy: "x" }, { attachedPolicy: attached }),
          ),
        ).to.deep.equal([
          {
            location: `policyArn (${MANAGED_POLICY} "dev-extra") policy`,
            kind: "identity",
            raw: DOC,
          },
        ]);
        // Untraced (an AWS-managed or foreign policy): nothing the attachment itself carries.
        expect(
          documentSources(view(type, { policyArn: "arn:aws:iam::aws:policy/X" })),
        ).to.deep.equal([]);
      });
    }

    it("other types carry no document, whatever inputs they have", () => {
      for (const type of ["aws:iam/user:User", "aws:dynamodb/table:Table", "aws:s3/bucket:Bucket"])
        expect(
          documentSources(view(type, { assumeRolePolicy: TRUST, inlinePolicies: UNKNOWN })),
        ).to.deep.equal([]);
    });

    describe("a role", () => {
      const role = (props: Record<string, unknown>) => documentSources(view(ROLE, props));
      const trust = (raw: unknown) => ({ location: "assumeRolePolicy", kind: "trust", raw });

      const cases: [string, Record<string, unknown>, unknown[]][] = [
        ["no inline policies: only its trust policy", { assumeRolePolicy: TRUST }, [trust(TRUST)]],
        ["an unknown trust policy stays a source", { assumeRolePolicy: UNKNOWN }, [trust(UNKNOWN)]],
        [
          "an unknown inlinePolicies list: one unknown identity source",
          { assumeRolePolicy: TRUST, inlinePolicies: UNKNOWN },
          [trust(TRUST), { location: "inlinePolicies", kind: "identity", raw: UNKNOWN }],
        ],
        [
          "each inline policy by its index, named when it has a name",
          {
            assumeRolePolicy: TRUST,
            inlinePolicies: [
              { name: "data", policy: DOC },
              { policy: OTHER_DOC },
              { name: 7, policy: DOC },
            ],
          },
          [
            trust(TRUST),
            { location: "inlinePolicies[0] (data)", kind: "identity", raw: DOC },
            { location: "inlinePolicies[1]", kind: "identity", raw: OTHER_DOC },
            { location: "inlinePolicies[2]", kind: "identity", raw: DOC },
          ],
        ],
        [
          // The provider writes `inlinePolicies: [{}]` (or an empty name and policy) for "none";
          // entries that are not objects hold no document either. Indexes stay the program's.
          "the provider's empty entries and non-objects are skipped, indexes kept",
          {
            assumeRolePolicy: TRUST,
            inlinePolicies: [
              {},
              { name: "", policy: "" },
              { name: "x" },
              null,
              "text",
              { name: "b", policy: DOC },
            ],
          },
          [trust(TRUST), { location: "inlinePolicies[5] (b)", kind: "identity", raw: DOC }],
        ],
        [
          "an unknown entry, or an entry whose policy is unknown, is an unknown source",
          {
            assumeRolePolicy: TRUST,
            inlinePolicies: [UNKNOWN, { name: "p", policy: UNKNOWN }],
          },
          [
            trust(TRUST),
            { location: "inlinePolicies[0]", kind: "identity", raw: UNKNOWN },
            { location: "inlinePolicies[1] (p)", kind: "identity", raw: UNKNOWN },
          ],
        ],
        [
          "inlinePolicies that is neither a list nor unknown holds nothing",
          { assumeRolePolicy: TRUST, inlinePolicies: { name: "data", policy: DOC } },
          [trust(TRUST)],
        ],
      ];
      for (const [reason, props, expected] of cases)
        it(reason, () => expect(role(props)).to.deep.equal(expected));
    });
  });

  describe("managedPolicyReferences", () => {
    const ARN = "arn:aws:iam::123456789012:policy/dev-extra";
    for (const type of ATTACHMENT_TYPES) {
      it(`${type}: its policyArn, known or not`, () => {
        expect(managedPolicyReferences(view(type, { policyArn: ARN }))).to.deep.equal([
          { location: "policyArn", arn: ARN },
        ]);
        expect(managedPolicyReferences(view(type, { policyArn: UNKNOWN }))).to.deep.equal([
          { location: "policyArn", arn: UNKNOWN },
        ]);
      });
    }

    const cases: [string, ResourceView, unknown[]][] = [
      [
        "a role's managedPolicyArns, each by its index",
        view(ROLE, { managedPolicyArns: [ARN, UNKNOWN] }),
        [
          { location: "managedPolicyArns[0]", arn: ARN },
          { location: "managedPolicyArns[1]", arn: UNKNOWN },
        ],
      ],
      [
        "a role whose whole list is unknown",
        view(ROLE, { managedPolicyArns: UNKNOWN }),
        [{ location: "managedPolicyArns", arn: UNKNOWN }],
      ],
      ["a role without managedPolicyArns", view(ROLE, { name: "dev-app" }), []],
      ["a role whose managedPolicyArns is not a list", view(ROLE, { managedPolicyArns: ARN }), []],
      // Only aws.iam.Role takes managedPolicyArns; a policy resource's own inputs name none.
      [
        "a RolePolicy names none, whatever its inputs",
        view(ROLE_POLICY, { managedPolicyArns: [ARN], policyArn: ARN }),
        [],
      ],
      ["a user names none", view("aws:iam/user:User", { managedPolicyArns: UNKNOWN }), []],
    ];
    for (const [reason, subject, expected] of cases)
      it(reason, () => expect(managedPolicyReferences(subject)).to.deep.equal(expected));
  });
});
