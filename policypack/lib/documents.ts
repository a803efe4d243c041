import { DocumentSource, documentSources } from "./iamSources";
import { containsUnknown } from "./knownValues";
import { parsePolicyDocument, PolicyDocument } from "./policyDocument";
import { perView } from "./perView";
import { ResourceView } from "./resourceView";

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
      const parsed = parsePolicyDocument(source.raw);
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
