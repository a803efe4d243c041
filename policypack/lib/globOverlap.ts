// Whether an IAM Resource pattern and a set of ARNs (itself a pattern) have an ARN in common.
// Matching the pattern against one sample ARN of the set misses patterns whose wildcard takes a
// different shape (`arn:aws:s3:::*.csv` reaches every .csv object of every bucket, while no
// sample `<bucket>/any` ends in .csv): this asks whether any string matches both.
import { ESCAPED_CHARACTERS, POLICY_VARIABLE } from "./evaluation/policyVariables";

/** One position of a pattern: a character, exactly one character, or any run of characters. */
export type GlobToken =
  | { readonly kind: "char"; readonly char: string }
  | { readonly kind: "one" | "run"; readonly except: string };

/** `?` and `*` of an IAM pattern match any character, colons and slashes included. */
export const ANY_CHARACTER = "";

export function literal(text: string): GlobToken[] {
  return [...text].map((char) => ({ kind: "char", char }));
}

/** Exactly one character that is not in `except`. */
export function one(except: string): GlobToken {
  return { kind: "one", except };
}

/** Any run of characters, none of them in `except`, the empty run included. */
export function run(except: string): GlobToken {
  return { kind: "run", except };
}

/**
 * IAM wildcards: `*` any run of characters, `?` exactly one, everything else itself. A policy
 * variable (`${aws:PrincipalTag/bucket}`) stands for any value, as the principal's values are not
 * known here; its escapes `${*}` `${?}` `${$}` for that character. (IAM substitutes variables
 * only under Version 2012-10-17: under another, reading one as any value is only stricter.)
 */
export function iamPattern(pattern: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  let last = 0;
  for (const match of pattern.matchAll(POLICY_VARIABLE)) {
    tokens.push(...wildcards(pattern.slice(last, match.index)));
    const body = match[0].slice("${".length, -"}".length);
    tokens.push(
      ESCAPED_CHARACTERS.includes(body) ? { kind: "char", char: body } : run(ANY_CHARACTER),
    );
    last = match.index + match[0].length;
  }
  tokens.push(...wildcards(pattern.slice(last)));
  return tokens;
}

function wildcards(text: string): GlobToken[] {
  return [...text].map((char) =>
    char === "*" ? run(ANY_CHARACTER) : char === "?" ? one(ANY_CHARACTER) : { kind: "char", char },
  );
}

/** One or more characters, none of them in `except`: an ARN part whose value is not known. */
export function someOf(except: string): GlobToken[] {
  return [one(except), run(except)];
}

/** Whether one character can stand at both positions. */
function sameCharacterFits(a: GlobToken, b: GlobToken): boolean {
  if (a.kind === "char") return b.kind === "char" ? a.char === b.char : !b.except.includes(a.char);
  if (b.kind === "char") return !a.except.includes(b.char);
  // Neither excludes every character: some letter fits both.
  return true;
}

/**
 * Whether some string matches both token lists: a search over pairs of positions, where a run
 * may match nothing (moving on alone) and one character moves each side past a `char`/`one`
 * and keeps a `run` where it is.
 */
export function globsOverlap(a: readonly GlobToken[], b: readonly GlobToken[]): boolean {
  const width = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * width);
  const pending: number[] = [0];
  seen[0] = 1;
  const visit = (i: number, j: number) => {
    const state = i * width + j;
    if (seen[state] === 0) {
      seen[state] = 1;
      pending.push(state);
    }
  };
  for (let state = pending.pop(); state !== undefined; state = pending.pop()) {
    const i = Math.floor(state / width);
    const j = state % width;
    if (i === a.length && j === b.length) return true;
    const x = a[i];
    const y = b[j];
    if (x?.kind === "run") visit(i + 1, j);
    if (y?.kind === "run") visit(i, j + 1);
    if (x !== undefined && y !== undefined && sameCharacterFits(x, y))
      visit(x.kind === "run" ? i : i + 1, y.kind === "run" ? j : j + 1);
  }
  return false;
}
