import { RequestContext } from "./requestContext";
import { ResolvedPattern } from "./wildcards";

/**
 * How a variable whose value the caller picks resolves: `match` where matching helps the caller
 * (an Allow's Resource, a Deny's NotResource), to a wildcard in its place; `miss` elsewhere, to
 * no text, as the caller picks a value that matches nothing.
 */
export type PickedValues = "match" | "miss";

/** The only Version under which IAM replaces `${...}`; under any other the text is literal. */
export const POLICY_VARIABLE_VERSION = "2012-10-17";

/** A policy variable `${...}`; the group is what stands between the braces. */
export const POLICY_VARIABLE = /\$\{([^}]*)\}/g;

/** `${*}`, `${?}` and `${$}` stand for the character itself. */
export const ESCAPED_CHARACTERS: readonly string[] = ["*", "?", "$"];

export function hasPolicyVariable(text: string): boolean {
  return /\$\{[^}]*\}/.test(text);
}

/**
 * `${aws:PrincipalTag/tenantId}` -> the request's value (tag keys case-insensitive), `${*}` `${?}`
 * `${$}` -> the literal character, `${key, 'default'}` -> the default when the key is absent.
 * IAM documents that form alone: the pack reads spaces around the key and the comma as that form,
 * and a default not wholly inside single quotes as written.
 * Undefined when a variable has no value: IAM then matches nothing with that text. Policy
 * wildcards in a substituted value stay literal, so a tag value `*` cannot widen a pattern.
 * A variable whose value the caller picks (`${aws:SourceIdentity}`) resolves as `picked` says.
 */
export function resolveVariables(
  text: string,
  version: string | undefined,
  context: RequestContext,
  picked: PickedValues,
): ResolvedPattern | undefined {
  if (version !== POLICY_VARIABLE_VERSION || !hasPolicyVariable(text))
    return { text, literal: new Set() };
  let out = "";
  const literal = new Set<number>();
  const pickedAt = new Set<number>();
  let last = 0;
  for (const match of text.matchAll(POLICY_VARIABLE)) {
    out += text.slice(last, match.index);
    last = (match.index ?? 0) + match[0].length;
    const body = (match[1] ?? "").trim();
    if (ESCAPED_CHARACTERS.includes(body)) {
      literal.add(out.length);
      out += body;
      continue;
    }
    const [key = "", fallback] = body.split(/\s*,\s*/);
    const values = context.values(key);
    // Most variables have their value (the tenantId tag): only the others can be picked.
    const start = values?.length === 1 ? undefined : context.pickedStart(key);
    if (start !== undefined) {
      if (picked === "miss") return undefined;
      for (let i = 0; i < start.length; i += 1) literal.add(out.length + i);
      out += start;
      pickedAt.add(out.length);
      out += "*";
      continue;
    }
    const value =
      values !== undefined && values.length === 1
        ? values[0]
        : fallback !== undefined
          ? fallback.replace(/^'(.*)'$/, "$1")
          : undefined;
    if (value === undefined) return undefined;
    for (let i = 0; i < value.length; i += 1) literal.add(out.length + i);
    out += value;
  }
  return {
    text: out + text.slice(last),
    literal,
    ...(pickedAt.size > 0 ? { picked: pickedAt } : {}),
  };
}
