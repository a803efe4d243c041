import { parse as parseCsv, CsvError } from "csv-parse/sync";
import { Node, parseTree, ParseError, printParseErrorCode } from "jsonc-parser";
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { MigrationInputError, MigrationIssue } from "./errors";

/** One row of a mapping file: which record (by which field) belongs to which tenant. */
export interface MappingEntry {
  /** The column that names the record, e.g. `email`, `username`, `sub`, `pk`, `prefix`. */
  readonly field: string;
  readonly key: string;
  readonly tenantId: string;
  readonly line: number;
}

export const TENANT_COLUMN = "tenantId";

/** The well-formed rows of a mapping file, and a problem for each malformed one. */
export interface MappingFile {
  readonly file: string;
  readonly entries: readonly MappingEntry[];
  readonly issues: readonly MigrationIssue[];
}

/**
 * Reads a CSV (header row) or JSON (array of objects) mapping file. Each row names its record by
 * exactly one of `keyFields` and its tenant by `tenantId`; malformed rows are returned as
 * issues with their line, to be reported with the mapping's other problems. A file that cannot
 * be read or parsed throws a {@link MigrationInputError} at once.
 */
export function readMappingFile(file: string, keyFields: readonly string[]): MappingFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  } catch (error) {
    throw new MigrationInputError([
      {
        source: file,
        code: "ERR_MAPPING_UNREADABLE",
        message: `the mapping file cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
        fix: "check the path given to --mapping.",
      },
    ]);
  }
  const rows = extname(file).toLowerCase() === ".json" ? jsonRows(file, text) : csvRows(file, text);
  const issues: MigrationIssue[] = [];
  const entries: MappingEntry[] = [];
  const fields = keyFields.map((f) => `"${f}"`).join(", ");
  const expected = `${keyFields.length === 1 ? fields : `one of ${fields}`} and "${TENANT_COLUMN}"`;
  for (const { line, fields } of rows) {
    const named = keyFields.filter((field) => (fields[field] ?? "") !== "");
    const tenantId = fields[TENANT_COLUMN] ?? "";
    if (named.length !== 1 || tenantId === "") {
      issues.push({
        source: file,
        line,
        code: "ERR_MALFORMED_MAPPING",
        message:
          named.length > 1
            ? `the row names its record by ${named.join(" and ")}; a row must use exactly one.`
            : `the row needs ${expected}, each non-empty.`,
        fix: `give each row ${expected}.`,
      });
      continue;
    }
    const [field] = named as [string];
    entries.push({ field, key: fields[field] as string, tenantId, line });
  }
  return { file, entries, issues };
}

interface MappingRow {
  readonly line: number;
  readonly fields: Readonly<Record<string, string>>;
}

function csvRows(file: string, text: string): MappingRow[] {
  try {
    const parsed = parseCsv(text, {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as { record: Record<string, string>; info: { lines: number } }[];
    return parsed.map(({ record, info }) => ({ line: info.lines, fields: record }));
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    throw new MigrationInputError([
      {
        source: file,
        ...(line === undefined ? {} : { line }),
        code: "ERR_MALFORMED_MAPPING",
        message: `the file is not valid CSV (${error.message}).`,
        fix: `write a header row, then one record per line, e.g. email,${TENANT_COLUMN}.`,
      },
    ]);
  }
}

function jsonRows(file: string, text: string): MappingRow[] {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true });
  const lineOf = (offset: number) => text.slice(0, offset).split("\n").length;
  const [first] = errors;
  if (first !== undefined || tree === undefined || tree.type !== "array") {
    throw new MigrationInputError([
      {
        source: file,
        line: lineOf(first?.offset ?? 0),
        code: "ERR_MALFORMED_MAPPING",
        message:
          first === undefined
            ? "the file must hold a JSON array of objects."
            : `the file is not valid JSON (${printParseErrorCode(first.error)}).`,
        fix: `write [{ "email": "...", "${TENANT_COLUMN}": "..." }, ...].`,
      },
    ]);
  }
  return (tree.children ?? []).map((node) => ({
    line: lineOf(node.offset),
    fields: stringFields(node),
  }));
}

/** The string-valued properties of an object node; anything else reads as missing. */
function stringFields(node: Node): Record<string, string> {
  const fields: Record<string, string> = {};
  if (node.type !== "object") return fields;
  for (const property of node.children ?? []) {
    const [name, value] = property.children ?? [];
    if (name?.type === "string" && value?.type === "string") {
      Object.defineProperty(fields, name.value as string, {
        value: (value.value as string).trim(),
        enumerable: true,
      });
    }
  }
  return fields;
}
