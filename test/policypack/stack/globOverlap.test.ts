import { expect } from "chai";
import {
  ANY_CHARACTER,
  type GlobToken,
  globsOverlap,
  iamPattern,
  literal,
  someOf,
} from "../../../policypack/lib/globOverlap";

// globsOverlap against the definition: some string matches both. The oracle writes each token
// list as a regular expression and tries every string over a small alphabet up to the length a
// shortest common string can have (one character per token of either side).

const ALPHABET = ["a", "b", ":"];

function regexOf(tokens: readonly GlobToken[]): RegExp {
  const body = tokens
    .map((token) => {
      if (token.kind === "char") return token.char.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const one = token.except === ANY_CHARACTER ? "[^]" : `[^${token.except}]`;
      return token.kind === "one" ? one : `${one}*`;
    })
    .join("");
  return new RegExp(`^${body}$`);
}

function* stringsUpTo(length: number): Generator<string> {
  yield "";
  let level = [""];
  for (let n = 1; n <= length; n += 1) {
    level = level.flatMap((prefix) => ALPHABET.map((char) => prefix + char));
    yield* level;
  }
}

function overlapsByOracle(a: readonly GlobToken[], b: readonly GlobToken[]): boolean {
  const [x, y] = [regexOf(a), regexOf(b)];
  for (const text of stringsUpTo(a.length + b.length))
    if (x.test(text) && y.test(text)) return true;
  return false;
}

/** A fixed-seed generator (mulberry32), so a failure names a pattern pair that reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS: readonly GlobToken[] = [
  ...literal("ab:"),
  { kind: "one", except: ANY_CHARACTER },
  { kind: "run", except: ANY_CHARACTER },
  { kind: "one", except: ":" },
  { kind: "run", except: ":" },
];

describe("globsOverlap", () => {
  for (const [a, b, expected, why] of [
    ["arn:aws:s3:::*.csv", "arn:aws:s3:::dev-data/*", true, "the bucket's key may end in .csv"],
    ["arn:aws:s3:::*", "arn:aws:s3:::dev-data", true, "a run over the whole name"],
    ["a*b", "*c", false, "one ends in b, the other in c"],
    ["a?", "ab", true, "? stands for one character"],
    ["a?", "a", false, "? is never empty"],
    ["*", "", true, "a run may be empty"],
    ["", "", true, "the empty string"],
    ["", "?", false, "? needs a character"],
    ["x*y*z", "*y*", true, "runs on both sides"],
    ["*a*", "*b*", true, "ab holds both"],
  ] as const) {
    it(`${JSON.stringify(a)} and ${JSON.stringify(b)} -> ${expected}: ${why}`, () => {
      expect(globsOverlap(iamPattern(a), iamPattern(b))).to.equal(expected);
      expect(globsOverlap(iamPattern(b), iamPattern(a))).to.equal(expected);
    });
  }

  it("an ARN part left unknown is one or more characters, none of them a colon", () => {
    const region = [...literal("r:"), ...someOf(":"), ...literal(":t")];
    expect(globsOverlap(iamPattern("r:eu-west-1:t"), region)).to.equal(true);
    expect(globsOverlap(iamPattern("r::t"), region)).to.equal(false);
    expect(globsOverlap(iamPattern("r:a:b:t"), region)).to.equal(false);
    expect(globsOverlap(iamPattern("r:*:t"), region)).to.equal(true);
    expect(globsOverlap(iamPattern("r:?:t"), region)).to.equal(true);
    expect(globsOverlap(iamPattern("r:*:b:t"), region)).to.equal(false);
  });

  it("IAM patterns: * and ? are wildcards, every other character is itself", () => {
    expect(iamPattern("a*?")).to.deep.equal([
      { kind: "char", char: "a" },
      { kind: "run", except: ANY_CHARACTER },
      { kind: "one", except: ANY_CHARACTER },
    ]);
    expect(literal("*?")).to.deep.equal([
      { kind: "char", char: "*" },
      { kind: "char", char: "?" },
    ]);
  });

  it("a policy variable stands for any value; ${*} ${?} ${$} for the character", () => {
    const [x, y] = [literal("x"), literal("y")];
    expect(iamPattern("x${aws:PrincipalTag/team}y")).to.deep.equal([
      ...x,
      { kind: "run", except: ANY_CHARACTER },
      ...y,
    ]);
    expect(iamPattern("${*}${?}${$}")).to.deep.equal(literal("*?$"));
    expect(iamPattern("${ * }")).to.deep.equal([{ kind: "run", except: ANY_CHARACTER }]);
    expect(iamPattern("x${y")).to.deep.equal(literal("x${y"));
    expect(globsOverlap(iamPattern("table/${aws:username}"), literal("table/dev-data"))).to.equal(
      true,
    );
  });

  it("agrees with trying every short string, on 400 random pairs", () => {
    const next = random(20261203);
    const tokens = () =>
      Array.from(
        { length: Math.floor(next() * 4) },
        () => TOKENS[Math.floor(next() * TOKENS.length)]!,
      );
    let overlapping = 0;
    for (let pair = 0; pair < 400; pair += 1) {
      const [a, b] = [tokens(), tokens()];
      const expected = overlapsByOracle(a, b);
      if (expected) overlapping += 1;
      expect(globsOverlap(a, b), JSON.stringify({ a, b })).to.equal(expected);
    }
    // Both answers are well represented, so neither constant answer passes.
    expect(overlapping).to.be.within(100, 300);
  });
});
