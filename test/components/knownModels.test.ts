import { expect } from "chai";
import schema from "../../tenants.schema.json";
import knownModelIds from "../../components/bedrockModelIds.json";
import { closestKnownModel } from "../../components/knownModels";
import crossRegionData from "../../components/bedrockCrossRegionProfiles.json";
import { crossRegionDestinations, isRegionName } from "../../components";

const MODEL_ID = new RegExp(
  schema.definitions.tenant.properties.bedrock.properties.models.items.pattern,
);
/** Cross-Region (system) inference profile ids: tenants.json accepts the known ones. */
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
  describe("destination Regions of cross-Region profiles (bedrockCrossRegionProfiles.json)", () => {
    it("is dated, cites AWS's documentation and records only known, geographic profiles", () => {
      expect(new Date(crossRegionData.checked).toISOString().slice(0, 10)).to.equal(
        crossRegionData.checked,
      );
      expect(
        crossRegionData.sources.every((url) => url.startsWith("https://docs.aws.amazon.com/")),
      ).to.equal(true);
      for (const [profile, bySource] of Object.entries(crossRegionData.profiles)) {
        expect(knownModelIds.systemInferenceProfiles, profile).to.include(profile);
        expect(profile, profile).not.to.match(/^global\./);
        for (const [source, destinations] of Object.entries(bySource)) {
          expect(isRegionName(source), source).to.equal(true);
          expect(destinations, `${profile} from ${source}`).to.deep.equal(
            [...new Set(destinations)].sort(),
          );
          expect(destinations.every(isRegionName), `${profile} from ${source}`).to.equal(true);
        }
      }
    });

    it("answers per source Region, as AWS documents for us.anthropic.claude-3-haiku", () => {
      const profile = "us.anthropic.claude-3-haiku-20240307-v1:0";
      expect(crossRegionDestinations(profile, "us-east-2")).to.deep.equal([
        "us-east-1",
        "us-east-2",
        "us-west-2",
      ]);
      expect(crossRegionDestinations(profile, "us-west-2")).to.deep.equal([
        "us-east-1",
        "us-west-2",
      ]);
      expect(crossRegionDestinations(profile, "eu-west-1")).to.equal(undefined);
      expect(crossRegionDestinations("us.unknown.model-v1:0", "us-east-2")).to.equal(undefined);
    });
  });
});
