import Ajv, { ErrorObject } from "ajv";
import addFormats from "ajv-formats";
import {
  findNodeAtLocation,
  getNodeValue,
  Node,
  parseTree,
  ParseError,
  printParseErrorCode,
} from "jsonc-parser";
import { readFileSync } from "node:fs";
import {
  isReservedTenantId,
  isValidTenantId,
  maxTenantIdLength,
  TENANT_ID_RULE,
  TenantIsolation,
} from "@tenancy/runtime/naming";
import { TenantsFileError, TenantsFileIssue, TenantsFileIssueCode } from "./errors";
import {
  CROSS_REGION_DATA,
  crossRegionDestinations,
  foundationModelOf,
  GLOBAL_PROFILE_PREFIX,
  isSystemInferenceProfileId,
  recordedSourceRegions,
} from "./crossRegionProfiles";
import { closestKnownModel, KNOWN_MODELS } from "./knownModels";
import {
  inferenceProfileDescription,
  inferenceProfileName,
  inferenceProfileResourceName,
  normalizedEmail,
  PROFILE_DESCRIPTION_PATTERN,
} from "./resourceNames";
import schema from "../tenants.schema.json";

export type TenantStatus = "active" | "suspended";

export interface TenantSpec {
  readonly id: string;
  readonly displayName: string;
  readonly status: TenantStatus;
  /** Own role, or a pooled shard role scoped by session tag (the file's value or the stack's default). */
  readonly isolation: TenantIsolation;
  readonly admins: readonly string[];
  /**
   * Foundation model ids, or cross-Region inference profile ids (`us.…`, `eu.…`); empty when the
   * tenant has no Bedrock access.
   */
  readonly models: readonly string[];
}

export interface TenantsFileOptions {
  /** The stack's resource name prefix: it decides how long a tenant id may be. */
  readonly namePrefix: string;
  /** Name used in error messages, usually the file path. */
  readonly source?: string;
  /**
   * The stack's Region: a cross-Region profile id needs its destination Regions from there on
   * record. Without it that check is left to the policy builder.
   */
  readonly region?: string;
  /** The tier of an entry without `isolation` (tenancy:defaultIsolation); dedicated if absent. */
  readonly defaultIsolation?: TenantIsolation;
}

/** The schema's rule for a model id; an id that breaks it is reported by the schema alone. */
const MODEL_ID_PATTERN = new RegExp(
  schema.definitions.tenant.properties.bedrock.properties.models.items.pattern,
);

const validateSchema = addFormats(
  new Ajv({ allErrors: true, strict: true, verbose: true }),
).compile(schema);

/** Reads and validates a tenants file; throws one {@link TenantsFileError} listing every problem. */
export function loadTenantsFile(path: string, options: TenantsFileOptions): TenantSpec[] {
  const source = options.source ?? path;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new TenantsFileError(source, [
      {
        path: "",
        code: "ERR_FILE_UNREADABLE",
        message: `the file cannot be read (${reason}).`,
        fix: "check the path (tenancy:tenantsFile or --tenants) and that the file is readable.",
      },
    ]);
  }
  return parseTenantsFile(text, { ...options, source });
}

export function parseTenantsFile(withBom: string, options: TenantsFileOptions): TenantSpec[] {
  // Editors on some platforms save JSON with a byte-order mark; it is not part of the document.
  const text = withBom.replace(/^\uFEFF/, "");
  const source = options.source ?? "tenants.json";
  if (text.trim() === "") {
    throw new TenantsFileError(source, [
      {
        path: "",
        code: "ERR_EMPTY_FILE",
        message: "the file is empty.",
        fix: 'start from { "$schema": "./tenants.schema.json", "tenants": [] } and add one entry per tenant.',
      },
    ]);
  }
  const parseErrors: ParseError[] = [];
  const tree = parseTree(text, parseErrors, { disallowComments: true, allowTrailingComma: false });
  if (parseErrors.length > 0 || tree === undefined) {
    // Only the first syntax error is reliable; later ones are usually its echoes.
    const [first] = parseErrors;
    throw new TenantsFileError(source, [
      {
        path: "",
        ...lineAndColumn(text, first?.offset ?? 0),
        code: "ERR_INVALID_JSON",
        message: `invalid JSON: ${first ? describeParseError(first) : "no value"}.`,
        fix: "correct the JSON syntax at that line and column (comments and trailing commas are not allowed).",
      },
    ]);
  }
  const document: unknown = getNodeValue(tree);
  const issues = [
    ...schemaIssues(document),
    ...crossFieldIssues(document, options.namePrefix, options.region),
  ].map((issue) => locate(issue, tree, text));
  if (issues.length > 0) throw new TenantsFileError(source, sortByPosition(issues));
  const defaultIsolation = options.defaultIsolation ?? "dedicated";
  return (document as { tenants: RawTenant[] }).tenants.map((raw) => toSpec(raw, defaultIsolation));
}

interface RawTenant {
  id: string;
  displayName: string;
  status: TenantStatus;
  isolation?: TenantIsolation;
  admins: string[];
  bedrock?: { models: string[] };
}

function toSpec(raw: RawTenant, defaultIsolation: TenantIsolation): TenantSpec {
  return {
    id: raw.id,
    displayName: raw.displayName,
    status: raw.status,
    isolation: raw.isolation ?? defaultIsolation,
    admins: raw.admins,
    models: raw.bedrock?.models ?? [],
  };
}

type UnlocatedIssue = Omit<TenantsFileIssue, "line" | "column">;

function schemaIssues(document: unknown): UnlocatedIssue[] {
  if (validateSchema(document)) return [];
  // Duplicates are checked below with case-insensitive emails and a pointer to the first copy.
  return (validateSchema.errors ?? [])
    .filter((error) => error.keyword !== "uniqueItems")
    .map((error) => describeSchemaError(error, document));
}

function describeSchemaError(error: ErrorObject, document: unknown): UnlocatedIssue {
  const path = error.instancePath;
  const field = path.split("/").pop() ?? "";
  const value = valueAt(document, path);
  switch (error.keyword) {
    case "additionalProperties": {
      const unknown = (error.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((error.parentSchema as { properties: object }).properties);
      return issue(
        `${path}/${unknown}`,
        "ERR_UNKNOWN_FIELD",
        `unknown field "${unknown}".`,
        `remove it or correct its spelling; allowed here: ${allowed.join(", ")}.`,
      );
    }
    case "required": {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      return issue(
        `${path}/${missing}`,
        "ERR_MISSING_FIELD",
        `required field "${missing}" is missing.`,
        `add "${missing}" to ${path === "" ? "the top-level object" : `the object at ${path}`}.`,
      );
    }
    case "type":
      return issue(
        path,
        "ERR_WRONG_TYPE",
        `"${field}" must be ${withArticle(String(error.params.type))}, not ${describe(value)}.`,
        `change the value of "${field}" to ${withArticle(String(error.params.type))}.`,
      );
    case "enum":
      return issue(
        path,
        "ERR_INVALID_VALUE",
        `"${field}" is ${JSON.stringify(value)}; allowed values are ${(error.params as { allowedValues: string[] }).allowedValues.map((v) => JSON.stringify(v)).join(" and ")}.`,
        `set "${field}" to one of the allowed values.`,
      );
    case "format":
      return issue(
        path,
        "ERR_INVALID_EMAIL",
        `${JSON.stringify(value)} is not a valid email address.`,
        "use the admin's full address, e.g. ops@customer.example.",
      );
    case "pattern":
      return path.endsWith("/id")
        ? issue(
            path,
            "ERR_INVALID_TENANT_ID",
            `tenant id ${JSON.stringify(value)} ${tenantIdProblem(String(value))}.`,
            `use ${TENANT_ID_RULE}, e.g. "${suggestTenantId(String(value))}".`,
          )
        : issue(
            path,
            "ERR_INVALID_MODEL_ID",
            `${JSON.stringify(value)} is not a Bedrock foundation model id.`,
            'use the id Bedrock lists for the model, "<provider>.<model>[:<version>]", e.g. "anthropic.claude-3-haiku-20240307-v1:0".',
          );
    case "minItems":
      return issue(
        path,
        "ERR_INVALID_VALUE",
        `"${field}" is empty; every tenant needs at least one admin.`,
        `add the email address of the tenant's first admin to "${field}".`,
      );
    default:
      return issue(
        path,
        "ERR_INVALID_VALUE",
        `"${field}" ${error.message ?? "is invalid"}.`,
        `change "${field}" to satisfy tenants.schema.json.`,
      );
  }
}

/** Checks a JSON Schema cannot express: uniqueness across entries and limits that depend on config. */
function crossFieldIssues(
  document: unknown,
  namePrefix: string,
  region: string | undefined,
): UnlocatedIssue[] {
  const tenants = (document as { tenants?: unknown })?.tenants;
  if (!Array.isArray(tenants)) return [];
  const unlisted = (document as { unlistedModels?: unknown }).unlistedModels;
  const allowedUnlisted = new Set(Array.isArray(unlisted) ? unlisted : []);
  const issues: UnlocatedIssue[] = [];
  const firstIdAt = new Map<string, string>();
  const firstAdminAt = new Map<string, string>();
  const firstProfileAt = new Map<string, string>();
  const maxIdLength = maxTenantIdLength(namePrefix);
  tenants.forEach((tenant: unknown, index) => {
    if (typeof tenant !== "object" || tenant === null) return;
    const { id, admins, bedrock } = tenant as Partial<Record<string, unknown>>;
    const base = `/tenants/${index}`;
    if (typeof id === "string") {
      if (isReservedTenantId(id)) {
        issues.push(
          issue(
            `${base}/id`,
            "ERR_RESERVED_TENANT_ID",
            `tenant id "${id}" is reserved.`,
            `choose an id that names the customer, e.g. "${id}-co".`,
          ),
        );
      }
      if (id.length > maxIdLength) {
        issues.push(
          issue(
            `${base}/id`,
            "ERR_TENANT_ID_TOO_LONG",
            `tenant id "${id}" has ${id.length} characters; with name prefix "${namePrefix}" the IAM role name allows at most ${maxIdLength}.`,
            `shorten the id to ${maxIdLength} characters or fewer, e.g. "${id.slice(0, maxIdLength).replace(/-+$/, "")}".`,
          ),
        );
      }
      const first = firstIdAt.get(id);
      if (first === undefined) firstIdAt.set(id, `${base}/id`);
      else
        issues.push(
          issue(
            `${base}/id`,
            "ERR_DUPLICATE_TENANT_ID",
            `tenant id "${id}" is already used at ${first}.`,
            "give each tenant its own id, or merge the two entries.",
          ),
        );
    }
    if (Array.isArray(admins)) {
      admins.forEach((admin: unknown, adminIndex) => {
        if (typeof admin !== "string") return;
        const key = normalizedEmail(admin);
        const here = `${base}/admins/${adminIndex}`;
        if (admin.includes("/")) {
          issues.push(
            issue(
              here,
              "ERR_INVALID_EMAIL",
              `admin "${admin}" contains "/", which the AWS provider uses to split a user's id (<pool>/<username>), so the user could never be read back or imported.`,
              'use an address without "/".',
            ),
          );
        }
        const first = firstAdminAt.get(key);
        if (first === undefined) firstAdminAt.set(key, here);
        else
          issues.push(
            issue(
              here,
              "ERR_DUPLICATE_ADMIN",
              `admin "${admin}" is already listed at ${first}; a user pool holds each email once, and a user belongs to one tenant.`,
              "list each admin once, under the one tenant they administer.",
            ),
          );
      });
    }
    const models = (bedrock as { models?: unknown } | undefined)?.models;
    if (Array.isArray(models)) {
      const seen = new Set<string>();
      models.forEach((model: unknown, modelIndex) => {
        if (typeof model !== "string") return;
        const here = `${base}/bedrock/models/${modelIndex}`;
        const duplicate = seen.has(model);
        if (duplicate)
          issues.push(
            issue(
              here,
              "ERR_DUPLICATE_MODEL",
              `model "${model}" is listed twice.`,
              "remove the second entry.",
            ),
          );
        else if (typeof id === "string") {
          const names = [
            inferenceProfileResourceName(id, model),
            inferenceProfileName(namePrefix, id, model),
          ];
          const clash = names.map((n) => firstProfileAt.get(n)).find((at) => at !== undefined);
          if (clash !== undefined) {
            issues.push(
              issue(
                here,
                "ERR_NAME_COLLISION",
                `model "${model}" of tenant "${id}" would get the same inference profile name as ${clash}.`,
                "model ids that differ only in punctuation map to one name: keep one of them, or rename one of the tenants.",
              ),
            );
          }
          names.forEach((n) => firstProfileAt.set(n, here));
        }
        seen.add(model);
        // Checked with a valid id only: an invalid id is reported on its own.
        const breaksDescription =
          typeof id === "string" &&
          isValidTenantId(id) &&
          !PROFILE_DESCRIPTION_PATTERN.test(inferenceProfileDescription(id, model));
        if (breaksDescription) {
          issues.push(
            issue(
              here,
              "ERR_INVALID_MODEL_ID",
              `model "${model}" starts or ends with "-" or holds "--", so the inference profile's description "${inferenceProfileDescription(id, model)}" breaks Bedrock's rule (letters, digits, ':' and '.', separated by single spaces, '_' or '-').`,
              'use the model id exactly as Bedrock lists it, e.g. "anthropic.claude-3-haiku-20240307-v1:0".',
            ),
          );
        }
        const crossRegion = isSystemInferenceProfileId(model);
        if (crossRegion && !duplicate)
          issues.push(...crossRegionIssues(here, model, allowedUnlisted, region));
        // A malformed or repeated id is reported once, above; only a well-formed one can be a typo.
        const wellFormed = MODEL_ID_PATTERN.test(model) && !breaksDescription && !crossRegion;
        if (
          wellFormed &&
          !duplicate &&
          !KNOWN_MODELS.foundationModels.has(model) &&
          !allowedUnlisted.has(model)
        ) {
          const closest = closestKnownModel(model);
          issues.push(
            issue(
              here,
              "ERR_UNKNOWN_MODEL",
              `model "${model}" is not in the list of known Bedrock foundation model ids (components/bedrockModelIds.json, checked ${KNOWN_MODELS.checked}); the closest known id is "${closest}".`,
              `correct the id, e.g. "${closest}"; if "${model}" is a model released since, add it to the top-level "unlistedModels" list of this file.`,
            ),
          );
        }
      });
    }
  });
  return issues;
}

/**
 * A cross-Region profile id is accepted when it is known (or listed in unlistedModels), not
 * global, and its destination Regions from the stack's Region are on record: the tenant role
 * must name the foundation model in each of them.
 */
function crossRegionIssues(
  here: string,
  model: string,
  allowedUnlisted: ReadonlySet<unknown>,
  region: string | undefined,
): UnlocatedIssue[] {
  const foundationModel = foundationModelOf(model);
  if (model.startsWith(GLOBAL_PROFILE_PREFIX)) {
    return [
      issue(
        here,
        "ERR_INVALID_MODEL_ID",
        `"${model}" is a global cross-Region inference profile: it routes to every commercial AWS Region, which no list of Regions in the tenant's policy can pin.`,
        `use a geographic profile (us., eu., apac., jp., au. ...) or the foundation model id "${foundationModel}".`,
      ),
    ];
  }
  if (!KNOWN_MODELS.systemInferenceProfiles.has(model) && !allowedUnlisted.has(model)) {
    return [
      issue(
        here,
        "ERR_UNKNOWN_MODEL",
        `"${model}" is not in the list of known cross-Region inference profile ids (components/bedrockModelIds.json, checked ${KNOWN_MODELS.checked}).`,
        `correct the id, or, if it is a profile released since, add it to the top-level "unlistedModels" list of this file and its destination Regions to ${CROSS_REGION_DATA.file}.`,
      ),
    ];
  }
  if (region !== undefined && crossRegionDestinations(model, region) === undefined) {
    const recorded = recordedSourceRegions(model);
    return [
      issue(
        here,
        "ERR_UNKNOWN_CROSS_REGION_ROUTE",
        `the Regions "${model}" routes to when called from ${region} are not recorded in ${CROSS_REGION_DATA.file} (checked ${CROSS_REGION_DATA.checked}${recorded.length > 0 ? `; it records calls from ${recorded.join(", ")}` : ""}), and the tenant role must allow the model in each of them.`,
        `run aws bedrock get-inference-profile --region ${region} --inference-profile-identifier ${model}, and add the Region of every models[].modelArn under profiles."${model}"."${region}" of that file; or use the foundation model id "${foundationModel}".`,
      ),
    ];
  }
  return [];
}

/** Names the first rule an id breaks, so the message says exactly what to change. */
function tenantIdProblem(id: string): string {
  if (id === "") return "is empty";
  const forbidden = id.match(/[#/*?]/);
  if (forbidden)
    return `contains "${forbidden[0]}", which would let it match other tenants' keys or ARNs`;
  if (/[A-Z]/.test(id)) return "contains upper-case letters";
  if (id.startsWith("-") || id.endsWith("-")) return "starts or ends with a hyphen";
  if (id.includes("--")) return "contains consecutive hyphens";
  const other = id.match(/[^a-z0-9-]/);
  return `contains "${other?.[0] ?? id}"`;
}

function suggestTenantId(id: string): string {
  const suggestion = id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return suggestion === "" ? "acme" : suggestion;
}

function issue(
  path: string,
  code: TenantsFileIssueCode,
  message: string,
  fix: string,
): UnlocatedIssue {
  return { path, code, message, fix };
}

function locate(unlocated: UnlocatedIssue, tree: Node, text: string): TenantsFileIssue {
  const segments = unlocated.path
    .split("/")
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  // A missing field has no node of its own: point at the object that lacks it.
  for (let depth = segments.length; depth >= 0; depth -= 1) {
    const node = findNodeAtLocation(tree, segments.slice(0, depth));
    if (node) return { ...unlocated, ...lineAndColumn(text, node.offset) };
  }
  return unlocated;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function sortByPosition(issues: TenantsFileIssue[]): TenantsFileIssue[] {
  return [...issues].sort(
    (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}

function describeParseError(error: ParseError): string {
  const names: Record<string, string> = {
    InvalidSymbol: "unexpected character",
    InvalidNumberFormat: "invalid number",
    PropertyNameExpected: "property name expected",
    ValueExpected: "value expected",
    ColonExpected: "colon expected",
    CommaExpected: "comma expected",
    CloseBraceExpected: "closing brace expected",
    CloseBracketExpected: "closing bracket expected",
    EndOfFileExpected: "end of file expected",
    InvalidCommentToken: "comments are not allowed",
    UnexpectedEndOfComment: "unterminated comment",
    UnexpectedEndOfString: "unterminated string",
    UnexpectedEndOfNumber: "unterminated number",
    InvalidUnicode: "invalid unicode escape",
    InvalidEscapeCharacter: "invalid escape character",
    InvalidCharacter: "invalid character in string",
  };
  const code = printParseErrorCode(error.error);
  return names[code] ?? code;
}

function valueAt(document: unknown, path: string): unknown {
  return path
    .split("/")
    .slice(1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return withArticle(typeof value);
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
