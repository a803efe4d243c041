import { expect } from "chai";
import {
  assertConditionSafe,
  assertUpdateSafe,
  countPlaceholder,
  partitionKeyPlaceholder,
  withPartitionKeyProjected,
} from "../../runtime/src/clients/partitionKeyGuard";

const WITH_INDEX = new Set(["pk", "gsi1pk"]);

/** The code of the error `run` throws (the guards throw RequestRefusedError). */
function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return "did not throw";
}

const REFUSED = "ERR_EXPRESSION_REFERENCES_PARTITION_KEY";

describe("partitionKeyGuard", () => {
  describe("assertConditionSafe", () => {
    const condition = (expression: string, names?: Record<string, string>) =>
      codeOf(() => assertConditionSafe("ConditionExpression", expression, names));

    it("allows no condition, and pk only inside the existence functions", () => {
      expect(codeOf(() => assertConditionSafe("F", undefined, undefined))).to.equal(
        "did not throw",
      );
      expect(condition("attribute_not_exists(pk)")).to.equal("did not throw");
      expect(condition("attribute_exists (pk) AND total > :n")).to.equal("did not throw");
      expect(condition("attribute_exists(#key)", { "#key": "pk" })).to.equal("did not throw");
    });

    it("refuses pk behind a placeholder longer than one character", () => {
      expect(condition("#key = :v", { "#key": "pk" })).to.equal(REFUSED);
      expect(condition("#key_1 = :v", { "#key_1": "pk" })).to.equal(REFUSED);
      expect(condition("#Key9 <> :v", { "#Key9": "pk" })).to.equal(REFUSED);
    });

    it("refuses pk in parentheses, under other functions and after an existence test", () => {
      expect(condition("(pk) = :g")).to.equal(REFUSED);
      expect(condition("size(pk) > :n")).to.equal(REFUSED);
      expect(condition("begins_with(pk, :p)")).to.equal(REFUSED);
      expect(condition("attribute_exists(pk, :p)")).to.equal(REFUSED);
      expect(condition("attribute_exists(sk) OR pk = :v")).to.equal(REFUSED);
      expect(condition("pk = :v")).to.equal(REFUSED);
      // Unbalanced: nothing follows pk, so it is no existence test.
      expect(condition("attribute_exists(pk")).to.equal(REFUSED);
    });

    it("leaves names that only look like pk alone", () => {
      expect(condition("pk2 = :v AND _pk = :w AND a.pk = :x")).to.equal("did not throw");
      expect(condition("sk = :pk")).to.equal("did not throw");
      expect(condition("#n = :v", { "#n": "name" })).to.equal("did not throw");
      expect(condition("#pk = :v")).to.equal("did not throw");
    });

    it("refuses a declared index partition key outside the existence functions", () => {
      const code = codeOf(() =>
        assertConditionSafe("FilterExpression", "#g = :g", { "#g": "gsi1pk" }, WITH_INDEX),
      );
      expect(code).to.equal(REFUSED);
      expect(() =>
        assertConditionSafe("FilterExpression", "#g = :g", { "#g": "gsi1pk" }, WITH_INDEX),
      ).to.throw("may use gsi1pk only inside");
      expect(
        codeOf(() => assertConditionSafe("F", "attribute_exists(gsi1pk)", undefined, WITH_INDEX)),
      ).to.equal("did not throw");
    });
  });

  describe("assertConditionSafe, token by token", () => {
    it("allows pk only right inside the parentheses of an existence function", () => {
      expect(
        codeOf(() => assertConditionSafe("ConditionExpression", "attribute_exists x pk)", {})),
      ).to.equal(REFUSED);
    });

    it("reads a scoped attribute followed by '(' as a function name, not as the attribute", () => {
      // An index partition key may be named like a function (KEY_ATTRIBUTE_PATTERN allows it).
      const scoped = new Set(["pk", "size"]);
      expect(
        codeOf(() =>
          assertConditionSafe("FilterExpression", "size(#a) > :n", { "#a": "a" }, scoped),
        ),
      ).to.equal("did not throw");
      expect(
        codeOf(() => assertConditionSafe("FilterExpression", "size = :n", undefined, scoped)),
      ).to.equal(REFUSED);
    });
  });

  describe("assertUpdateSafe", () => {
    const update = (expression: string, names?: Record<string, string>) =>
      codeOf(() => assertUpdateSafe(expression, names, WITH_INDEX));

    it("refuses any reference to pk, however it is named", () => {
      expect(assertUpdateSafe(undefined, undefined)).to.deep.equal([]);
      expect(codeOf(() => assertUpdateSafe("SET #key = :v", { "#key": "pk" }))).to.equal(REFUSED);
      expect(codeOf(() => assertUpdateSafe("SET pk = :v", undefined))).to.equal(REFUSED);
      expect(codeOf(() => assertUpdateSafe("REMOVE pk", undefined))).to.equal(REFUSED);
      expect(update("SET a = :a REMOVE #p", { "#p": "pk" })).to.equal(REFUSED);
    });

    it("returns the value placeholders an index partition key is SET to", () => {
      expect(assertUpdateSafe("SET gsi1pk = :g", undefined, WITH_INDEX)).to.deep.equal([":g"]);
      expect(assertUpdateSafe("set a = :a, #g = :g", { "#g": "gsi1pk" }, WITH_INDEX)).to.deep.equal(
        [":g"],
      );
      expect(
        assertUpdateSafe("SET gsi1pk = :g, a = :a REMOVE b", undefined, WITH_INDEX),
      ).to.deep.equal([":g"]);
      expect(assertUpdateSafe("SET gsi1pk = :g REMOVE b", undefined, WITH_INDEX)).to.deep.equal([
        ":g",
      ]);
      expect(
        assertUpdateSafe("SET a = if_not_exists(b, :c), gsi1pk = :g", undefined, WITH_INDEX),
      ).to.deep.equal([":g"]);
      expect(assertUpdateSafe("SET gsi1pk = :g ADD n :one", undefined, WITH_INDEX)).to.deep.equal([
        ":g",
      ]);
      expect(assertUpdateSafe("SET gsi1pk = :g delete s :v", undefined, WITH_INDEX)).to.deep.equal([
        ":g",
      ]);
      expect(assertUpdateSafe("REMOVE a, gsi1pk", undefined, WITH_INDEX)).to.deep.equal([]);
      expect(assertUpdateSafe("REMOVE gsi1pk SET a = :a", undefined, WITH_INDEX)).to.deep.equal([]);
    });

    it("refuses an index partition key changed any other way", () => {
      expect(update("SET gsi1pk = gsi1pk")).to.equal(REFUSED);
      expect(update("SET gsi1pk = :g + :h")).to.equal(REFUSED);
      expect(update("SET gsi1pk = :g :h")).to.equal(REFUSED);
      expect(update("SET a = gsi1pk")).to.equal(REFUSED);
      expect(update("SET a = :a gsi1pk = :g")).to.equal(REFUSED);
      expect(update("SET a = if_not_exists(gsi1pk, :x)")).to.equal(REFUSED);
      expect(update("ADD gsi1pk :n")).to.equal(REFUSED);
      expect(update("DELETE gsi1pk :s")).to.equal(REFUSED);
      expect(update("REMOVE gsi1pk.x")).to.equal(REFUSED);
      expect(update("REMOVE gsi1pk[0]")).to.equal(REFUSED);
      expect(update("SET gsi1pk < :g")).to.equal(REFUSED);
      expect(update("SET gsi1pk")).to.equal(REFUSED);
      expect(update("ADD gsi1pk = :g")).to.equal(REFUSED);
      expect(update("REMOVE a gsi1pk")).to.equal(REFUSED);
      expect(update("gsi1pk = :g")).to.equal(REFUSED);
    });

    it("reads a bare index key named like a clause keyword as that keyword, never as an operand", () => {
      // DynamoDB reserves these words too; "add" here opens an ADD clause, so the SET is empty.
      const keywordKey = new Set(["pk", "add"]);
      expect(codeOf(() => assertUpdateSafe("SET add = :v", undefined, keywordKey))).to.equal(
        REFUSED,
      );
      expect(assertUpdateSafe("SET #a = :v", { "#a": "add" }, keywordKey)).to.deep.equal([":v"]);
    });

    it("reads clause keywords only outside parentheses", () => {
      // A keyword inside a function's parentheses does not start a clause...
      expect(
        assertUpdateSafe("SET a = if_not_exists(REMOVE, :x), gsi1pk = :g", undefined, WITH_INDEX),
      ).to.deep.equal([":g"]);
      // ...and one after a closed parenthesis does.
      expect(
        assertUpdateSafe("SET a = if_not_exists(b, :c) REMOVE gsi1pk", undefined, WITH_INDEX),
      ).to.deep.equal([]);
    });
  });

  describe("partitionKeyPlaceholder", () => {
    const placeholder = (expression: string | undefined, names?: Record<string, string>) => {
      try {
        return partitionKeyPlaceholder(expression, names);
      } catch (error) {
        return (error as { code: string }).code;
      }
    };

    it("finds the placeholder pk is compared with, on either side", () => {
      expect(placeholder("pk = :pk AND begins_with(sk, :s)")).to.equal(":pk");
      expect(placeholder(":v = pk")).to.equal(":v");
      expect(placeholder("sk > :s AND :w = pk")).to.equal(":w");
      expect(placeholder("#key = :v", { "#key": "pk" })).to.equal(":v");
    });

    it("refuses a key condition without exactly one equality with a placeholder", () => {
      expect(placeholder(undefined)).to.equal("ERR_PARAMETER_NOT_SUPPORTED");
      expect(() => partitionKeyPlaceholder(undefined, undefined)).to.throw(
        "query requires KeyConditionExpression",
      );
      expect(placeholder("sk = :s")).to.equal(REFUSED);
      expect(placeholder("pk = :a AND pk = :b")).to.equal(REFUSED);
      expect(placeholder("pk <= :v")).to.equal(REFUSED);
      expect(placeholder(":v >= pk")).to.equal(REFUSED);
      expect(placeholder("pk = sk")).to.equal(REFUSED);
      expect(placeholder("= pk")).to.equal(REFUSED);
      expect(placeholder("sk = pk")).to.equal(REFUSED);
      expect(placeholder("pk")).to.equal(REFUSED);
      expect(placeholder("pk =")).to.equal(REFUSED);
    });

    it("names the other scoped attribute a key condition references", () => {
      const refusal = (() => {
        try {
          partitionKeyPlaceholder("pk = :p AND gsi1pk = :g", undefined, "pk", WITH_INDEX);
        } catch (error) {
          const { code, message } = error as { code: string; message: string };
          return { code, message };
        }
        return undefined;
      })();
      expect(refusal).to.deep.equal({
        code: REFUSED,
        message:
          "KeyConditionExpression must not reference gsi1pk: the runtime owns the tenant part of gsi1pk",
      });
    });

    it("on an index, finds its key and refuses the table's pk beside it", () => {
      expect(partitionKeyPlaceholder("gsi1pk = :g", undefined, "gsi1pk", WITH_INDEX)).to.equal(
        ":g",
      );
      expect(
        codeOf(() =>
          partitionKeyPlaceholder("gsi1pk = :g AND pk = :p", undefined, "gsi1pk", WITH_INDEX),
        ),
      ).to.equal(REFUSED);
      expect(
        codeOf(() => partitionKeyPlaceholder("gsi2pk = :g", undefined, "gsi2pk", WITH_INDEX)),
      ).to.equal("did not throw");
    });
  });

  describe("countPlaceholder", () => {
    it("counts whole tokens across expressions", () => {
      expect(countPlaceholder(":v", ["pk = :v", "size(a) > :v", undefined])).to.equal(2);
      expect(countPlaceholder(":v", ["a = :v2 AND b = :v_1"])).to.equal(0);
    });
  });

  describe("withPartitionKeyProjected", () => {
    it("adds pk under a placeholder no caller name uses, unless already projected", () => {
      expect(withPartitionKeyProjected(undefined, undefined)).to.equal(undefined);
      expect(withPartitionKeyProjected("sk, pk", undefined)).to.equal(undefined);
      expect(withPartitionKeyProjected("#p", { "#p": "pk" })).to.equal(undefined);
      expect(withPartitionKeyProjected("sk, total", undefined)).to.deep.equal({
        ProjectionExpression: "sk, total, #tenancyPk",
        ExpressionAttributeNames: { "#tenancyPk": "pk" },
      });
      expect(
        withPartitionKeyProjected("#tenancyPk, #tenancyPk2", {
          "#tenancyPk": "a",
          "#tenancyPk2": "b",
        }),
      ).to.deep.equal({
        ProjectionExpression: "#tenancyPk, #tenancyPk2, #tenancyPk3",
        ExpressionAttributeNames: { "#tenancyPk": "a", "#tenancyPk2": "b", "#tenancyPk3": "pk" },
      });
    });
  });
});
