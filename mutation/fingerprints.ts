// Content hashes of what a full `npm run mutate` passed on: each mutated file, and per area its
// specs plus its equivalents. CI mutates only what changed since (mutation/fingerprints.json).
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Area, mutatedFiles, specFiles } from "./areas";

export interface AreaFingerprint {
  /** One hash over the area's spec files and the equivalents files (names and contents). */
  readonly tests: string;
  readonly files: Record<string, string>;
}

export type Fingerprints = Record<string, AreaFingerprint>;

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

export function readFingerprints(file: string): Fingerprints {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Fingerprints) : {};
}

export function writeFingerprints(file: string, fingerprints: Fingerprints): void {
  writeFileSync(file, `${JSON.stringify(fingerprints, null, 2)}\n`);
}

/** The files of an area to mutate again: all when its tests changed, else the changed files. */
export function changedFiles(
  recorded: AreaFingerprint | undefined,
  now: AreaFingerprint,
): string[] {
  const files = Object.keys(now.files);
  if (recorded === undefined || recorded.tests !== now.tests) return files;
  return files.filter((file) => recorded.files[file] !== now.files[file]);
}
