import type { TenantRuntime, WithTenantOptions } from "@tenancy/runtime";
import { askHandler } from "./ask";
import { filesHandler } from "./files";
import type { HttpApiEvent, HttpApiResult } from "./httpApi";
import { notesHandler } from "./notes";
import type { ExampleFunction } from "./routes";

export interface ExampleAppOptions {
  /** Default: the runtime `fromEnv()` builds from the function's environment, as in Lambda. */
  readonly runtime?: TenantRuntime;
  /** Set where no Bedrock runtime can be reached: POST /ask answers 501 with this reason. */
  readonly bedrockUnavailable?: string;
  /** Where refused requests are reported (default: one JSON line on stderr, as in Lambda). */
  readonly log?: WithTenantOptions["log"];
}

export type ExampleHandler = (event: HttpApiEvent, context?: unknown) => Promise<HttpApiResult>;

/** One handler per function of the example app. */
export function exampleHandlers(
  options: ExampleAppOptions = {},
): Record<ExampleFunction, ExampleHandler> {
  const { runtime, bedrockUnavailable, log } = options;
  return {
    notes: notesHandler({ runtime, log }),
    files: filesHandler({ runtime, log }),
    ask: askHandler({ runtime, log, bedrockUnavailable }),
  };
}
