/** Stable codes for every problem a user can cause in tenants.json or stack config. */
export type TenantsFileIssueCode =
  | "ERR_EMPTY_FILE"
  | "ERR_INVALID_JSON"
  | "ERR_UNKNOWN_FIELD"
  | "ERR_MISSING_FIELD"
  | "ERR_WRONG_TYPE"
  | "ERR_INVALID_VALUE"
  | "ERR_INVALID_TENANT_ID"
  | "ERR_RESERVED_TENANT_ID"
  | "ERR_TENANT_ID_TOO_LONG"
  | "ERR_DUPLICATE_TENANT_ID"
  | "ERR_INVALID_EMAIL"
  | "ERR_DUPLICATE_ADMIN"
  | "ERR_INVALID_MODEL_ID"
  | "ERR_UNKNOWN_MODEL"
  | "ERR_UNKNOWN_CROSS_REGION_ROUTE"
  | "ERR_DUPLICATE_MODEL"
  | "ERR_NAME_COLLISION"
  | "ERR_FILE_UNREADABLE";

export interface TenantsFileIssue {
  /** JSON Pointer into the file, e.g. `/tenants/2/id`. */
  readonly path: string;
  /** 1-based line and column of the offending value, when the text could be parsed that far. */
  readonly line?: number;
  readonly column?: number;
  readonly code: TenantsFileIssueCode;
  readonly message: string;
  readonly fix: string;
}

export type TenancyErrorCode =
  | "ERR_INVALID_TENANTS_FILE"
  | "ERR_INVALID_CONFIG"
  | "ERR_EXAMPLE_APP_BUNDLE"
  | "ERR_QUOTA_EXCEEDED";

export class TenancyError extends Error {
  constructor(
    readonly code: TenancyErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = this.constructor.name;
  }
}

/** Every problem found in one tenants file, reported together so one edit can fix them all. */
export class TenantsFileError extends TenancyError {
  constructor(
    readonly source: string,
    readonly issues: readonly TenantsFileIssue[],
  ) {
    super("ERR_INVALID_TENANTS_FILE", formatIssues(source, issues));
  }
}

/** A stack setting (Pulumi config) that cannot work, e.g. a name prefix AWS would refuse. */
export class ConfigError extends TenancyError {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super("ERR_INVALID_CONFIG", `${key}: ${message}`);
  }
}

/** The example app (examples/) did not compile into a Lambda bundle; esbuild's messages follow. */
export class ExampleAppBundleError extends TenancyError {
  constructor(message: string, options?: ErrorOptions) {
    super("ERR_EXAMPLE_APP_BUNDLE", message, options);
  }
}

/** One AWS quota the plan would exceed. */
export interface QuotaIssue {
  /** The quota, as AWS names it. */
  readonly quota: string;
  /** Its value (the stack setting, or AWS's fixed limit). */
  readonly limit: number;
  /** What the plan needs. */
  readonly count: number;
  /** Which role, shard or pool, when the quota applies to one of many. */
  readonly subject?: string;
  readonly fix: string;
}

/** The plan would exceed AWS quotas: refused before anything is registered, not halfway through. */
export class QuotaError extends TenancyError {
  constructor(readonly issues: readonly QuotaIssue[]) {
    const lines = issues.map(
      (issue) =>
        `  [${issue.quota}] ${issue.subject === undefined ? "" : `${issue.subject}: `}needs ${issue.count}, the quota is ${issue.limit}. Fix: ${issue.fix}`,
    );
    const count = issues.length === 1 ? "1 quota" : `${issues.length} quotas`;
    super(
      "ERR_QUOTA_EXCEEDED",
      `The plan exceeds ${count}; nothing was deployed:\n${lines.join("\n")}`,
    );
  }
}

function formatIssues(source: string, issues: readonly TenantsFileIssue[]): string {
  const lines = issues.map((issue) => {
    const where = issue.line === undefined ? "" : `:${issue.line}:${issue.column}`;
    return `  ${source}${where} ${issue.path || "/"} [${issue.code}] ${issue.message} Fix: ${issue.fix}`;
  });
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  return `${source} has ${count}; nothing was deployed:\n${lines.join("\n")}`;
}
