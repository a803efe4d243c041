// Content hashes of what `npm run mutate` last passed on, per area: each mutated file, and the
// area's specs plus its equivalents file. CI mutates only what changed since
// (mutation/fingerprints/<area>.json, one file per area so that areas are recorded apart).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Area, mutatedFiles, specFiles } from "./areas";

export interface AreaFingerprint {
  /** One hash over the area's spec files and the equivalents files (names and contents). */
  readonly tests: string;
  readonly files: Record<string, string>;
}

function hashOf(root: string, files: readonly string[]): string {
  const hash = createHash("sha256");
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(path.join(root, file)));
  return hash.digest("hex");
}

export function fingerprintArea(root: string, area: Area, equivalents: readonly string[]) {
  const files = Object.fromEntries(
    mutatedFiles(root, area).map((file) => [file, hashOf(root, [file])]),
  );
  return { tests: hashOf(root, [...specFiles(root, area), ...equivalents]), files };
}

function fileOf(directory: string, area: Area): string {
  return path.join(directory, `${area.name}.json`);
}

export function readFingerprint(directory: string, area: Area): AreaFingerprint | undefined {
  const file = fileOf(directory, area);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as AreaFingerprint) : undefined;
}

export function writeFingerprint(directory: string, area: Area, fingerprint: AreaFingerprint) {
  mkdirSync(directory, { recursive: true });
  writeFileSync(fileOf(directory, area), `${JSON.stringify(fingerprint, null, 2)}\n`);
}

/** The mutated files whose content changed (or that are new) since the recorded run. */
export function changedSources(recorded: AreaFingerprint, now: AreaFingerprint): string[] {
  return Object.keys(now.files).filter((file) => recorded.files[file] !== now.files[file]);
}

/** The files of an area to mutate again: all when its tests changed, else the changed files. */
export function changedFiles(
  recorded: AreaFingerprint | undefined,
  now: AreaFingerprint,
): string[] {
  const files = Object.keys(now.files);
  if (recorded === undefined || recorded.tests !== now.tests) return files;
  return changedSources(recorded, now);
}
