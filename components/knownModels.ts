import knownModelIds from "./bedrockModelIds.json";

/**
 * The Bedrock model ids read in AWS's documentation (components/bedrockModelIds.json), so a
 * misspelt id in tenants.json fails validation instead of `pulumi up`.
 */
export const KNOWN_MODELS = {
  /** The day the list was last compared with AWS's documentation. */
  checked: knownModelIds.checked,
  foundationModels: new Set<string>(knownModelIds.foundationModels),
  /** Cross-Region (system-defined) inference profile ids tenants.json accepts as models. */
  systemInferenceProfiles: new Set<string>(knownModelIds.systemInferenceProfiles),
};

/** The known foundation model id with the fewest single-character edits from `modelId`. */
export function closestKnownModel(modelId: string): string {
  let best = "";
  let bestDistance = Infinity;
  for (const known of KNOWN_MODELS.foundationModels) {
    const distance = editDistance(modelId, known);
    if (distance < bestDistance) [best, bestDistance] = [known, distance];
  }
  return best;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
