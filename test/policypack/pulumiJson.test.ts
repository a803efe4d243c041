import { expect } from "chai";
import { resourcesFromPreview, resourcesFromState } from "../../check/pulumiJson";

const URN = "urn:pulumi:dev::tenancy::aws:iam/policy:Policy::extra";
const ATTACHMENT_URN =
  "urn:pulumi:dev::tenancy::aws:iam/rolePolicyAttachment:RolePolicyAttachment::extra";
const state = (policy: string) => ({
  urn: URN,
  type: "aws:iam/policy:Policy",
  custom: true,
  inputs: { policy },
});

describe("reading pulumi JSON", () => {
  it("keeps one resource per URN from a preview with a replacement (the last new state wins)", () => {
    const resources = resourcesFromPreview({
      steps: [
        { op: "create-replacement", urn: URN, newState: state("new") },
        { op: "replace", urn: URN, oldState: state("old"), newState: state("newest") },
        { op: "delete-replaced", urn: URN, oldState: state("old") },
        { op: "delete", urn: ATTACHMENT_URN, oldState: { ...state("x"), urn: ATTACHMENT_URN } },
      ],
    });
    expect(resources.map((resource) => [resource.urn, resource.inputs.policy])).to.deep.equal([
      [URN, "newest"],
    ]);
  });

  it("carries dependencies and propertyDependencies from previews and stack exports", () => {
    const attachment = {
      urn: ATTACHMENT_URN,
      type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      inputs: { role: "dev-workload", policyArn: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" },
      dependencies: [URN],
      propertyDependencies: { policyArn: [URN], role: [] },
    };
    const fromPreview = resourcesFromPreview({ steps: [{ op: "create", newState: attachment }] });
    const fromState = resourcesFromState({ deployment: { resources: [attachment] } });
    for (const [resource] of [fromPreview, fromState]) {
      expect(resource?.dependencies).to.deep.equal([URN]);
      expect(resource?.propertyDependencies).to.deep.equal({ policyArn: [URN], role: [] });
    }
  });

  it("adds the arn output of a stack export and of a preview step with state to the inputs", () => {
    const profile = {
      urn: "urn:pulumi:dev::tenancy::aws:bedrock/inferenceProfile:InferenceProfile::acme-profile",
      type: "aws:bedrock/inferenceProfile:InferenceProfile",
      inputs: { name: "dev-acme", tags: { tenantId: "acme" } },
      outputs: {
        arn: "arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/abc123",
        tagsAll: { tenantId: "acme" },
      },
    };
    const fromPreview = resourcesFromPreview({ steps: [{ op: "same", newState: profile }] });
    const fromState = resourcesFromState({ deployment: { resources: [profile] } });
    for (const [resource] of [fromPreview, fromState])
      expect(resource?.inputs).to.deep.equal({
        name: "dev-acme",
        tags: { tenantId: "acme" },
        arn: "arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/abc123",
      });
  });
});
