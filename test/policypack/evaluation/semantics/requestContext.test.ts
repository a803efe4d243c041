import { expect } from "chai";
import { RequestContext } from "../../../../policypack/lib/evaluation/requestContext";

const ROLE_START = "arn:aws:iam::123456789012:role/";

describe("RequestContext", () => {
  describe("values", () => {
    it("finds a key in any case, a layer's value over its base's", () => {
      const base = RequestContext.of({ "aws:PrincipalTag/TenantId": "acme" }, []);
      const probe = base.with({ "aws:principaltag/tenantid": "globex" });
      expect(base.values("AWS:PRINCIPALTAG/TENANTID")).to.deep.equal(["acme"]);
      expect(probe.values("aws:PrincipalTag/tenantId")).to.deep.equal(["globex"]);
      expect(probe.values("aws:PrincipalTag/team")).to.equal(undefined);
    });
  });

  describe("isModelled", () => {
    it("holds for a key the request carries, listed or not", () => {
      const context = RequestContext.of({ "s3:prefix": "tenants/acme/" }, []);
      expect(context.isModelled("S3:Prefix")).to.equal(true);
      expect(context.isModelled("s3:delimiter")).to.equal(false);
    });

    it("takes a listed key whole, and a listed key ending in / as a prefix", () => {
      const context = RequestContext.of({}, ["aws:username", "aws:resourcetag/"]);
      expect(context.isModelled("aws:UserName")).to.equal(true);
      expect(context.isModelled("aws:usernames")).to.equal(false);
      expect(context.isModelled("aws:user")).to.equal(false);
      expect(context.isModelled("aws:ResourceTag/team")).to.equal(true);
      expect(context.isModelled("aws:RequestTag/team")).to.equal(false);
    });

    it("asks the base for keys a layer does not list", () => {
      const probe = RequestContext.of({}, ["aws:username"]).with({}, ["dynamodb:leadingkeys"]);
      expect(probe.isModelled("aws:username")).to.equal(true);
      expect(probe.isModelled("dynamodb:LeadingKeys")).to.equal(true);
      expect(probe.isModelled("aws:SourceIdentity")).to.equal(false);
    });
  });

  describe("pickedStart", () => {
    const known = RequestContext.of({ "aws:PrincipalTag/tenantId": "acme" }, ["aws:username"]);

    it("is the empty start for a key the context does not model: the caller picks all of it", () => {
      expect(known.pickedStart("aws:SourceIdentity")).to.equal("");
    });

    it("is undefined for a key with a value or known to be absent", () => {
      expect(known.pickedStart("aws:PrincipalTag/TenantId")).to.equal(undefined);
      expect(known.pickedStart("aws:username")).to.equal(undefined);
    });

    it("is the given start for an ambient picked key, in any case and through layers", () => {
      const ambient = RequestContext.ambient({}, { "aws:PrincipalArn": ROLE_START });
      expect(ambient.pickedStart("aws:principalarn")).to.equal(ROLE_START);
      expect(ambient.pickedStart("AWS:PRINCIPALARN")).to.equal(ROLE_START);
      expect(ambient.with({ "s3:prefix": "a/" }).pickedStart("aws:PrincipalArn")).to.equal(
        ROLE_START,
      );
    });

    it("is undefined once a layer gives the picked key a value", () => {
      const ambient = RequestContext.ambient({}, { "aws:PrincipalArn": ROLE_START });
      const set = ambient.with({ "aws:PrincipalArn": `${ROLE_START}tenant-acme` });
      expect(set.pickedStart("aws:PrincipalArn")).to.equal(undefined);
      expect(set.values("aws:PrincipalArn")).to.deep.equal([`${ROLE_START}tenant-acme`]);
    });
  });

  describe("describe", () => {
    it("shows the keys requests set, as spelt, and leaves out the ambient ones", () => {
      const context = RequestContext.ambient({ "aws:SourceAccount": "123456789012" })
        .with({ "aws:PrincipalTag/tenantId": "acme" })
        .with({ "dynamodb:LeadingKeys": ["acme#1", "acme#2"], "aws:principaltag/TENANTID": "x" });
      expect(context.describe()).to.deep.equal({
        "aws:principaltag/TENANTID": ["x"],
        "dynamodb:LeadingKeys": ["acme#1", "acme#2"],
      });
      // why: ambient keys are left out of messages, not out of the request
      expect(context.values("aws:SourceAccount")).to.deep.equal(["123456789012"]);
    });
  });
});
