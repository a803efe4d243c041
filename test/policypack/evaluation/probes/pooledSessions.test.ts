import { expect } from "chai";
import {
  POOLED_REPRESENTATIVE,
  pooledSessionIds,
} from "../../../../policypack/lib/evaluation/pooledSessions";
import { isReservedTenantId } from "../../../../policypack/lib/naming";
import {
  ConditionEntry,
  PolicyDocument,
  Statement,
} from "../../../../policypack/lib/policyDocument";

// A shard role's session is whichever pooled tenant its `tenantId` session tag names. The ids
// tried: one unnamed tenant, every id a tag condition names (lower case, wildcards filled), and
// the shortest valid id no tag condition's value matches in any case.

const TAG = "aws:PrincipalTag/tenantId";

const statement = (effect: string, ...conditions: [string, string, string[]][]): Statement => ({
  index: 0,
  effect,
  actions: ["s3:GetObject"],
  resources: ["*"],
  principals: [],
  conditions: conditions.map(([operator, key, values]): ConditionEntry => ({
    operator,
    key,
    values,
  })),
  notAction: false,
  notResource: false,
  notPrincipal: false,
});
const documentOf = (...statements: Statement[]): PolicyDocument[] => [
  { version: "2012-10-17", statements },
];

describe("pooledSessionIds", () => {
  it("tries an unnamed tenant and the shortest id when no tag condition names any", () => {
    // A condition on a resource's tag or a prefix names no session: "a" is spared by nothing.
    const ids = pooledSessionIds(
      documentOf(
        statement("Allow", ["StringEquals", "aws:ResourceTag/tenantId", ["globex"]]),
        statement("Allow", ["StringLike", "s3:prefix", ["tenants/initech/*"]]),
      ),
    );
    expect(ids).to.deep.equal([POOLED_REPRESENTATIVE, "a"]);
  });

  it("tries every value an Allow's tag condition names, in lower case", () => {
    const ids = pooledSessionIds(
      documentOf(statement("Allow", ["StringEqualsIgnoreCase", TAG, ["HOOLI", "Umbrella"]])),
    );
    expect(ids).to.include.members(["hooli", "umbrella"]);
  });

  it("matches the tag key in any case", () => {
    const ids = pooledSessionIds(
      documentOf(statement("Allow", ["StringEquals", "AWS:principaltag/TENANTID", ["hooli"]])),
    );
    expect(ids).to.include("hooli");
  });

  it("tries two ids for a pattern, so a Deny of one cannot hide the other", () => {
    const ids = pooledSessionIds(
      documentOf(
        statement("Allow", ["StringLike", TAG, ["a?"]]),
        statement("Allow", ["StringLike", TAG, ["u*"]]),
      ),
    );
    expect(ids.filter((id) => /^a.$/.test(id))).to.have.length(2);
    expect(ids.filter((id) => /^u./.test(id))).to.have.length(2);
  });

  it("lets a Deny's first value stand for the ids it denies alike", () => {
    const ids = pooledSessionIds(
      documentOf(statement("Deny", ["StringEquals", TAG, ["vandelay", "umbrella"]])),
    );
    expect(ids).to.include("vandelay");
    expect(ids).to.not.include("umbrella");
  });

  it("tries each value a negated Deny spares", () => {
    const ids = pooledSessionIds(
      documentOf(statement("Deny", ["StringNotEquals", TAG, ["vandelay", "umbrella"]])),
    );
    expect(ids).to.include.members(["vandelay", "umbrella"]);
  });

  it("keeps only valid tenant ids", () => {
    const ids = pooledSessionIds(
      documentOf(statement("Allow", ["StringEquals", TAG, ["hooli", "acme_corp", "-x", ""]])),
    );
    expect(ids).to.deep.equal([POOLED_REPRESENTATIVE, "hooli", "a"]);
  });
});

describe("pooledSessionIds: the id the tag conditions leave out", () => {
  const spared = (...values: string[]) =>
    pooledSessionIds(documentOf(statement("Allow", ["StringNotLike", TAG, values])));

  it("spares the shortest id no pattern matches", () => {
    // StringNotLike ["a*", "b*"] grants every tenant outside a and b: "c" is the first.
    expect(spared("a*", "b*")).to.deep.equal([POOLED_REPRESENTATIVE, "ax", "ay", "bx", "by", "c"]);
  });

  it("matches the patterns in any case", () => {
    const ids = pooledSessionIds(
      documentOf(statement("Allow", ["StringNotEqualsIgnoreCase", TAG, ["A"]])),
    );
    expect(ids).to.deep.equal([POOLED_REPRESENTATIVE, "a", "b"]);
  });

  it("tries ids up to three characters long", () => {
    // Every one- and two-character id is matched: the first three-character one is spared.
    expect(spared("?", "??")).to.include("aaa");
  });

  it("never spares a reserved id, which no tenant can have", () => {
    // Every id up to "all" (reserved) is matched, so the next one is spared.
    const before = [..."abcdefghijk"];
    const ids = spared("?", "??", ...before.map((c) => `a${c}?`), ...before.map((c) => `al${c}`));
    expect(isReservedTenantId("all")).to.equal(true);
    expect(ids).to.not.include("all");
    expect(ids).to.include("alm");
  });

  it("spares none when every short id is matched", () => {
    expect(spared("*")).to.deep.equal([POOLED_REPRESENTATIVE, "x", "y"]);
  });
});
