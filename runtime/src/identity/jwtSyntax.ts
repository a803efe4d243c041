import { visit } from "jsonc-parser";
import { TokenError } from "../errors";

const SEGMENT_NAMES = ["header", "payload", "signature"] as const;
const BASE64URL_ALPHABET = /^[A-Za-z0-9_-]*$/;

/**
 * Refuses a JWT that decoders could read in more than one way, before its signature is checked:
 * a segment that is not canonical base64url (padding, `+`/`/`, stray trailing bits), or a header
 * or payload that repeats a name. A log pipeline or authorizer that keeps the first of two
 * `custom:tenantId` claims would see another tenant than the runtime, which keeps the last.
 *
 * @example
 * ```ts
 * assertUnambiguousJwt(token); // throws ERR_TOKEN_MALFORMED
 * ```
 */
export function assertUnambiguousJwt(token: string): void {
  const segments = token.split(".");
  if (segments.length !== 3) throw malformed("Token is not a JWT");
  segments.forEach((segment, i) => {
    // Decoding and encoding again gives the one canonical spelling of the same bytes.
    const canonical =
      BASE64URL_ALPHABET.test(segment) &&
      Buffer.from(segment, "base64url").toString("base64url") === segment;
    if (!canonical) throw malformed(`Token ${SEGMENT_NAMES[i]} is not canonical base64url`);
  });
  for (const i of [0, 1] as const) {
    const repeated = repeatedName(Buffer.from(segments[i] as string, "base64url").toString("utf8"));
    if (repeated !== undefined) {
      throw malformed(`Token ${SEGMENT_NAMES[i]} repeats the name ${JSON.stringify(repeated)}`);
    }
  }
}

/** The first name an object in `json` repeats (compared after unescaping), if any. */
function repeatedName(json: string): string | undefined {
  const open: Set<string>[] = [];
  let repeated: string | undefined;
  visit(json, {
    onObjectBegin: () => void open.push(new Set()),
    onObjectEnd: () => void open.pop(),
    onObjectProperty: (name) => {
      const names = open.at(-1);
      if (names?.has(name)) repeated ??= name;
      names?.add(name);
    },
  });
  return repeated;
}

function malformed(message: string): TokenError {
  return new TokenError("ERR_TOKEN_MALFORMED", message);
}
