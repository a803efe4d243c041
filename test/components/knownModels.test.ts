import { expect } from "chai";
import schema from "../../tenants.schema.json";
import knownModelIds from "../../components/bedrockModelIds.json";
import { closestKnownModel } from "../../components/knownModels";

const MODEL_ID = new RegExp(
  schema.definitions.tenant.properties.bedrock.properties.models.items.pattern,
);
/** tenants.json refuses these; the list keeps them for cross-region support later. */
const GEO_PREFIX = /^(us|eu|apac|us-gov|global|jp|au|ca)\./;

describe("known Bedrock model ids", () => {
  it("records the day the list was checked as a real date", () => {
    expect(knownModelIds.checked).to.match(/^\d{4}-\d{2}-\d{2}$/);
    expect(new Date(knownModelIds.checked).toISOString().slice(0, 10)).to.equal(
      knownModelIds.checked,
    );
  });

  it("keeps each list sorted and free of repeats, so additions are easy to review", () => {
    for (const ids of [knownModelIds.foundationModels, knownModelIds.systemInferenceProfiles]) {
      expect(ids).to.deep.equal([...new Set(ids)].sort());
    }
  });

  it("holds foundation model ids that tenants.json accepts, without a geographic prefix", () => {
    for (const id of knownModelIds.foundationModels) {
      expect(id, id).to.match(MODEL_ID);
      expect(id, id).not.to.match(GEO_PREFIX);
    }
  });

  it("holds system inference profiles only for known foundation models", () => {
    for (const id of knownModelIds.systemInferenceProfiles) {
      expect(id, id).to.match(GEO_PREFIX);
      expect(knownModelIds.foundationModels, id).to.include(id.replace(GEO_PREFIX, ""));
    }
  });

  describe("closestKnownModel", () => {
    it("names the known id a typo came from", () => {
      expect(closestKnownModel("amazon.titan-text-expres-v1")).to.equal(
        "amazon.titan-text-express-v1",
      );
      expect(closestKnownModel("anthropic.claude-haiku-4-5-20251001-v1")).to.equal(
        "anthropic.claude-haiku-4-5-20251001-v1:0",
      );
    });
  });
});
