/** Stable codes for everything that stops a proof from running (as opposed to a failed probe). */
export type ProofErrorCode =
  | "ERR_SIMULATOR_REJECTED_REQUEST"
  | "ERR_PLAN_DOCUMENT_MISSING"
  | "ERR_PLAN_DOCUMENT_INVALID"
  | "ERR_CLI_USAGE";

export class ProofError extends Error {
  public readonly code: ProofErrorCode;

  constructor(code: ProofErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = this.constructor.name;
  }
}
