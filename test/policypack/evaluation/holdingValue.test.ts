import { expect } from "chai";
import { holdingValue } from "../../../policypack/lib/evaluation/conditions";

// The value a leak finding's example request carries for a condition the pack took to hold: only
// an operator that holds when the request carries one of its values has one.

const entry = (operator: string, values: readonly string[] = ["v-1", "v-2"]) => ({
  operator,
  key: "aws:SourceVpce",
  values,
});

describe("holdingValue: a value that makes a condition hold", () => {
  for (const operator of [
    "StringEquals",
    "stringlike",
    "StringEqualsIgnoreCase",
    "ArnLike",
    "ArnEquals",
    "Bool",
    "StringEqualsIfExists",
    "ForAnyValue:StringLike",
    "ForAllValues:StringEquals",
  ]) {
    it(`${operator}: its first value`, () => {
      expect(holdingValue(entry(operator))).to.equal("v-1");
    });
  }

  for (const operator of [
    "Null",
    "ForAnyValue:Null",
    "StringNotEquals",
    "StringNotLikeIfExists",
    "ArnNotLike",
    "ForAllValues:StringNotEquals",
    "NumericLessThan",
    "DateGreaterThan",
    "IpAddress",
    "StringEqualsAnyCase",
    "ForSomeValues:StringEquals",
  ]) {
    it(`${operator}: none`, () => {
      expect(holdingValue(entry(operator))).to.equal(undefined);
    });
  }

  it("none when the condition lists no value", () => {
    expect(holdingValue(entry("StringEquals", []))).to.equal(undefined);
  });
});
