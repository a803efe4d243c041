import { DocumentSource, documentSources } from "./iamSources";
import { containsUnknown } from "./knownValues";
import { ParsedDocument, parsePolicyDocument, PolicyDocument } from "./policyDocument";
import { perView } from "./perView";
import { ResourceView } from "./resourceView";
import { registerCache } from "./caches";

export type ReadDocument =
  | { readonly state: "parsed"; readonly source: DocumentSource; readonly document: PolicyDocument }
  | { readonly state: "malformed"; readonly source: DocumentSource; readonly reason: string }
  | { readonly state: "unknown"; readonly source: DocumentSource };

/**
 * Every document of a resource, parsed once per view; absent documents (an optional input left
 * out) are skipped.
 */
export const readDocuments: (view: ResourceView) => readonly ReadDocument[] = perView((view) =>
  documentSources(view)
    .filter((source) => source.raw !== undefined && source.raw !== null)
    .map((source): ReadDocument => {
      if (containsUnknown(source.raw)) return { state: "unknown", source };
      const parsed = parseKept(source.raw);
      return parsed.kind === "document"
        ? { state: "parsed", source, document: parsed.document }
        : { state: "malformed", source, reason: parsed.reason };
    }),
);

export function parsedDocuments(
  view: ResourceView,
  kinds: readonly DocumentSource["kind"][],
): Array<{ source: DocumentSource; document: PolicyDocument }> {
  return readDocuments(view).flatMap((read) =>
    read.state === "parsed" && kinds.includes(read.source.kind)
      ? [{ source: read.source, document: read.document }]
      : [],
  );
}

/** Enough for every document of a few thousand tenants, so AnalyzeStack finds what Analyze parsed. */
const KEPT_PARSES = 4_096;
const parses = new Map<string, ParsedDocument>();
// Stryker disable next-line all: only the mutation run drops caches (see caches.ts)
registerCache(() => parses.clear());

/**
 * Parses a document, keeping the result by its exact JSON text: the stack rules read the same
 * documents the resource rules parsed, from views of their own. Parsing is a function of the text
 * alone and its result is read-only, so the kept one is the one a new parse would give.
 */
function parseKept(raw: unknown): ParsedDocument {
  if (typeof raw !== "string") return parsePolicyDocument(raw);
  let parsed = parses.get(raw);
  if (parsed === undefined) {
    parsed = parsePolicyDocument(raw);
    if (parses.size >= KEPT_PARSES) parses.delete(parses.keys().next().value as string);
    parses.set(raw, parsed);
  }
  return parsed;
}
