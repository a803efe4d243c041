// The areas of mutation/areas.json, expanded to the files they mutate and the specs they run.
import { globSync, readFileSync } from "node:fs";
import path from "node:path";

export interface Area {
  readonly name: string;
  /** Least percentage of non-equivalent mutants killed, per file. */
  readonly goal: number;
  readonly mutate: readonly string[];
  readonly specs: readonly string[];
  readonly excludeSpecs?: readonly string[];
  /** The mutation/equivalents/*.json file that lists this area's equivalent mutants. */
  readonly equivalents: string;
}

export interface AreasFile {
  readonly areas: readonly Area[];
  readonly overallGoal: number;
}

export function readAreas(root: string): AreasFile {
  return JSON.parse(readFileSync(path.join(root, "mutation/areas.json"), "utf8")) as AreasFile;
}

function expand(root: string, patterns: readonly string[]) {
  return [...new Set(patterns.flatMap((pattern) => globSync(pattern, { cwd: root })))].sort();
}

/** The source files an area mutates, relative to the root, sorted. */
export function mutatedFiles(root: string, area: Area): string[] {
  return expand(root, area.mutate);
}

/** The spec files an area runs, relative to the root, sorted. */
export function specFiles(root: string, area: Area): string[] {
  return specsInRunOrder(root, area).sort();
}

/**
 * The same files in the order mocha runs them: pattern by pattern as the area lists them, each
 * file once (mocha would load a file two patterns match twice).
 */
export function specsInRunOrder(root: string, area: Area): string[] {
  const excluded = area.excludeSpecs ?? [];
  const files = area.specs.flatMap((pattern) => globSync(pattern, { cwd: root }).sort());
  return [...new Set(files)].filter((file) => !excluded.includes(file));
}

// Stryker's own syntax for part of a file: file:line-line (columns optional).
const LINES = /:(\d+(?::\d+)?-\d+(?::\d+)?)$/;

/** The area files --files names, each with its line range when one was given. */
export function selectFiles(files: readonly string[], selectors: readonly string[]): string[] {
  const selected = selectors.flatMap((selector) => {
    const lines = LINES.exec(selector)?.[1];
    const glob = lines === undefined ? selector : selector.slice(0, -lines.length - 1);
    const matched = files.filter((file) => path.matchesGlob(file, glob));
    return lines === undefined ? matched : matched.map((file) => `${file}:${lines}`);
  });
  return [...new Set(selected)];
}
