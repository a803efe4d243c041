/** Stable codes for every migration problem a user can cause. */
export type MigrationIssueCode =
  | "ERR_MAPPING_UNREADABLE"
  | "ERR_MALFORMED_MAPPING"
  | "ERR_UNKNOWN_TENANT"
  | "ERR_AMBIGUOUS_MAPPING"
  | "ERR_MISSING_GROUP"
  | "ERR_UNSUPPORTED_KEY"
  | "ERR_KEY_COLLISION";

/** One problem in the input, located so the operator can go straight to it. */
export interface MigrationIssue {
  /** The file (mapping, tenants file) or source (table, bucket, user pool) the problem is in. */
  readonly source: string;
  /** 1-based line in `source`, when it is a file. */
  readonly line?: number;
  /** The user, item key or object key concerned. */
  readonly record?: string;
  readonly code: MigrationIssueCode;
  readonly message: string;
  readonly fix: string;
}

export type MigrationErrorCode =
  | "ERR_INVALID_MIGRATION_INPUT"
  | "ERR_BAD_ARGUMENTS"
  | "ERR_CHECKPOINT_MISMATCH"
  | "ERR_RETRIES_EXHAUSTED";

export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = this.constructor.name;
  }
}

/** Every problem found in the input, reported together and before anything is written. */
export class MigrationInputError extends MigrationError {
  constructor(readonly issues: readonly MigrationIssue[]) {
    super("ERR_INVALID_MIGRATION_INPUT", formatIssues(issues));
  }
}

/** An option that is missing, malformed or contradicts another. */
export class MigrationArgumentError extends MigrationError {
  constructor(message: string) {
    super("ERR_BAD_ARGUMENTS", message);
  }
}

/** The checkpoint belongs to another run (other source, destination or mapping). */
export class CheckpointMismatchError extends MigrationError {
  constructor(file: string, reason: string) {
    super(
      "ERR_CHECKPOINT_MISMATCH",
      `${file} is the checkpoint of another run (${reason}); nothing was written. Fix: rerun with the options of that run, or pass another --checkpoint file (delete this one only if that run is abandoned).`,
    );
  }
}

/** AWS kept failing a request after every retry: the run stops, and resumes from its checkpoint. */
export class RetriesExhaustedError extends MigrationError {
  constructor(
    operation: string,
    attempts: number,
    reason: "throttled" | "transient",
    cause: unknown,
  ) {
    super(
      "ERR_RETRIES_EXHAUSTED",
      reason === "throttled"
        ? `${operation} was throttled ${attempts} times in a row; the run stopped and resumes from its checkpoint. Fix: lower --rate or --concurrency, then rerun the same command.`
        : `${operation} failed ${attempts} times in a row (timeouts or server errors); the run stopped and resumes from its checkpoint. Fix: check the network and the service's health, then rerun the same command.`,
      { cause },
    );
  }
}

function formatIssues(issues: readonly MigrationIssue[]): string {
  const lines = issues.map((issue) => {
    const where = issue.line === undefined ? issue.source : `${issue.source}:${issue.line}`;
    const record = issue.record === undefined ? "" : ` ${issue.record}:`;
    return `  ${where} [${issue.code}]${record} ${issue.message} Fix: ${issue.fix}`;
  });
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  return `Refused: the migration input has ${count}; nothing was written:\n${lines.join("\n")}`;
}
