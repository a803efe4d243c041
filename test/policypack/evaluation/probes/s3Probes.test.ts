import { expect } from "chai";
import { ProbeRequest } from "../../../../policypack/lib/evaluation/probeRequest";
import { s3Probes } from "../../../../policypack/lib/evaluation/s3Probes";
import { TenantTarget, tenantTarget } from "../../../../policypack/lib/evaluation/tenantTarget";
import { wildcardMatcher } from "../../../../policypack/lib/evaluation/wildcards";
import { RULES } from "../../../../policypack/lib/ruleCatalog";
import { readSettings } from "../../../../policypack/lib/settings";
import { documentOf, referenceAction } from "./fixtures";

// The requests that stand for other tenants' data in the shared bucket. Object actions are scoped
// by the Resource ARN; the ListBucket family by s3:prefix (absent when listing the whole bucket).

const REGION = "eu-west-1";
const ACCOUNT = "111122223333";
const BUCKET = "tenant-bucket";
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const ACCESS_POINTS = `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/`;
const SETTINGS = readSettings({ bucketName: BUCKET, region: REGION, accountId: ACCOUNT });
const PREFIX = "s3:prefix";

function targetOf(tenantId: string, statements: Record<string, unknown>[] = []): TenantTarget {
  return tenantTarget(tenantId, SETTINGS, [documentOf(statements)]);
}

const probesOf = (name: string, target: TenantTarget): ProbeRequest[] =>
  s3Probes(referenceAction(name), target, target.session);

const onBucketObjects = (probes: ProbeRequest[]) =>
  probes.filter((probe) => probe.resource.startsWith(`${BUCKET_ARN}/`));
const onBucket = (probes: ProbeRequest[]) =>
  probes.filter((probe) => probe.resource === BUCKET_ARN);
const prefixesOf = (probes: ProbeRequest[]) => probes.map((probe) => probe.context.values(PREFIX));

describe("s3Probes", () => {
  describe("object actions", () => {
    const target = targetOf("acme");
    const probes = probesOf("s3:GetObject", target);
    const objects = onBucketObjects(probes);
    const others = target.others;

    it("tries each other tenant's object, then an object outside tenants/, then a smuggled key", () => {
      expect(objects.map((probe) => probe.resource)).to.deep.equal([
        ...others.map((other) => `${BUCKET_ARN}/tenants/${other.id}/r1`),
        objects[others.length]?.resource,
        // Another tenant's prefix, then the tenant's own: the key merely contains "tenants/acme/".
        `${BUCKET_ARN}/tenants/zz-other/tenants/acme/r1`,
      ]);
      const outside = objects[others.length]?.resource ?? "";
      expect(outside.startsWith(`${BUCKET_ARN}/`)).to.equal(true);
      expect(outside.startsWith(`${BUCKET_ARN}/tenants/`)).to.equal(false);
      expect(outside.length).to.be.greaterThan(`${BUCKET_ARN}/`.length);
    });

    it("says which tenant's object each request stands for", () => {
      others.forEach((other, at) => expect(objects[at]?.stands).to.include(other.stands));
      expect(objects[others.length]?.stands).to.include("outside tenants/");
      expect(objects[others.length + 1]?.stands).to.include('"tenants/acme/"');
    });

    it("proves TI-LEAK-002 and names the tenant's own object ARN as the fix, in the session", () => {
      for (const probe of probes) {
        expect(probe.rule).to.equal(RULES.leakS3);
        expect(probe.action).to.equal("s3:GetObject");
        expect(probe.context).to.equal(target.session);
      }
      for (const probe of objects) expect(probe.fix).to.include(`"${BUCKET_ARN}/tenants/acme/*"`);
    });

    it("tries another tenant's object through an access point, and not the access point itself", () => {
      const throughPoints = probes.filter((probe) => probe.resource.startsWith(ACCESS_POINTS));
      expect(throughPoints).to.have.length(1);
      expect(throughPoints[0]?.resource).to.match(
        /^arn:aws:s3:eu-west-1:111122223333:accesspoint\/[^/]+\/object\/tenants\/zz-other\/r1$/,
      );
      expect(throughPoints[0]?.stands).to.include("through an access point");
      expect(throughPoints[0]?.fix).to.include("do not grant object actions through access points");
      expect(probes).to.have.length(objects.length + 1);
    });

    it("probes a write on objects the same way, still without the access point itself", () => {
      const writes = probesOf("s3:PutObject", target);
      expect(writes.map((probe) => probe.resource)).to.deep.equal(probes.map((p) => p.resource));
    });

    it("smuggles the key under the first other tenant the target lists", () => {
      // For the tenant "zz-other" the unrelated representative is "qq-other".
      const own = targetOf("zz-other");
      expect(own.others[0]?.id).to.equal("qq-other");
      const resources = probesOf("s3:GetObject", own).map((probe) => probe.resource);
      expect(resources).to.include(`${BUCKET_ARN}/tenants/qq-other/tenants/zz-other/r1`);
      expect(resources.filter((r) => r.endsWith("/object/tenants/qq-other/r1"))).to.have.length(1);
    });

    it("smuggles the key under a placeholder tenant when the target lists none", () => {
      const lonely: TenantTarget = { ...target, others: [] };
      expect(probesOf("s3:GetObject", lonely).map((probe) => probe.resource)).to.include(
        `${BUCKET_ARN}/tenants/zz-other/tenants/acme/r1`,
      );
    });

    it("tries an object each granted Resource reaches outside the tenant's prefix", () => {
      const pattern = `${BUCKET_ARN}/tenants/*.pdf`;
      const granted = targetOf("acme", [
        { Effect: "Allow", Action: "s3:GetObject", Resource: [pattern] },
      ]);
      const extra = onBucketObjects(probesOf("s3:GetObject", granted)).slice(others.length + 2);
      expect(extra).to.have.length(1);
      const object = extra[0]?.resource ?? "";
      expect(wildcardMatcher(pattern, { arn: true })(object)).to.equal(true);
      expect(object.startsWith(`${BUCKET_ARN}/tenants/acme/`)).to.equal(false);
      // The message names the key inside the bucket, and the Resource that reaches it.
      expect(extra[0]?.stands).to.include(`"${object.slice(`${BUCKET_ARN}/`.length)}"`);
      expect(extra[0]?.stands).to.include(`"${pattern}"`);
      expect(extra[0]?.fix).to.include(`"${BUCKET_ARN}/tenants/acme/*"`);
    });
  });

  describe("listing", () => {
    const target = targetOf("acme");
    const probes = probesOf("s3:ListBucket", target);
    const listings = onBucket(probes);
    const others = target.others;

    it("lists other tenants' prefixes, the own prefix without its slash, a smuggled prefix, tenants/, the root and the whole bucket", () => {
      expect(prefixesOf(listings)).to.deep.equal([
        ...others.map((other) => [`tenants/${other.id}/`]),
        ["tenants/acme"],
        ["tenants/zz-other/tenants/acme/"],
        ["tenants/"],
        [""],
        undefined,
      ]);
    });

    it("lists the whole bucket with s3:prefix known to be absent", () => {
      const whole = listings[listings.length - 1];
      expect(whole?.context.isModelled(PREFIX)).to.equal(true);
      expect(whole?.context.values(PREFIX)).to.equal(undefined);
      expect(whole?.context.describe()).to.not.have.property(PREFIX);
    });

    it("says what each listing shows and names the tenant's prefix as the fix", () => {
      others.forEach((other) =>
        expect(listings[others.indexOf(other)]?.stands).to.include(other.stands),
      );
      const [short, smuggled, tenants, root, whole] = listings.slice(others.length);
      expect(short?.stands).to.include('"tenants/acme"').and.include('"tenants/acme-x/"');
      expect(smuggled?.stands).to.include('"tenants/acme/"');
      expect(tenants?.stands).to.include("every tenant");
      expect(root?.stands).to.include("root");
      expect(whole?.stands).to.include("whole bucket");
      for (const probe of listings) {
        expect(probe.rule).to.equal(RULES.leakS3);
        expect(probe.fix).to.include('"s3:prefix": ["tenants/acme/*"]');
      }
    });

    it("tries no object, and the access point with s3:prefix known to be absent", () => {
      expect(probes.filter((probe) => probe.resource !== BUCKET_ARN)).to.have.length(1);
      const point = probes.find((probe) => probe.resource.startsWith(ACCESS_POINTS));
      expect(point?.resource).to.match(/^arn:aws:s3:eu-west-1:111122223333:accesspoint\/[^/]+$/);
      expect(point?.context.isModelled(PREFIX)).to.equal(true);
      expect(point?.context.values(PREFIX)).to.equal(undefined);
      expect(point?.stands).to.include("access point");
      expect(point?.fix).to.include("do not grant access point actions");
    });

    const listWith = (values: string[]) =>
      targetOf("acme", [
        {
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: BUCKET_ARN,
          Condition: { StringLike: { [PREFIX]: values } },
        },
      ]);

    it("tries the listing each granted s3:prefix value reaches outside the tenant's prefix", () => {
      const extra = onBucket(probesOf("s3:ListBucket", listWith(["tenants/a*"]))).slice(
        listings.length,
      );
      expect(extra).to.have.length(1);
      const prefix = extra[0]?.context.values(PREFIX)?.[0] ?? "";
      expect(wildcardMatcher("tenants/a*")(prefix)).to.equal(true);
      expect(prefix.startsWith("tenants/acme/")).to.equal(false);
      expect(extra[0]?.stands).to.include(`"${prefix}"`).and.include('"tenants/a*"');
    });

    it("adds no listing for values inside the tenant's prefix or outside tenants/", () => {
      // Listing shared/ shows no tenant's keys; the tenant's own prefix shows only its own.
      const granted = listWith(["tenants/acme/*", "shared/*"]);
      expect(prefixesOf(onBucket(probesOf("s3:ListBucket", granted)))).to.deep.equal(
        prefixesOf(listings),
      );
    });
  });

  describe("bucket actions without s3:prefix", () => {
    const target = targetOf("acme");

    for (const name of [
      "s3:PutBucketPolicy", // changes who may do what on the shared bucket
      "s3:ListBucketMultipartUploads", // lists every tenant's uploads
      "s3:AllowVendedLogDeliveryForResource", // lets log delivery write into the shared bucket
    ])
      it(`tries ${name} on the shared bucket itself`, () => {
        const probes = probesOf(name, target);
        expect(probes.map((probe) => probe.resource)).to.deep.equal([BUCKET_ARN]);
        expect(probes[0]?.rule).to.equal(RULES.leakS3);
        expect(probes[0]?.context).to.equal(target.session);
        expect(probes[0]?.stands).to.include("every tenant shares");
        expect(probes[0]?.fix).to.include("remove the action");
      });

    for (const name of ["s3:GetBucketLogging", "s3:GetBucketLocation"])
      it(`does not try ${name}, which reads only the bucket's settings`, () => {
        expect(probesOf(name, target)).to.deep.equal([]);
      });
  });
});
