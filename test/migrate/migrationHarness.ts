// Shared pieces of the migration tests: the declared tenants, a clock that never waits, and SDK
// middleware that records operations or injects throttling faults.
import { DeclaredTenants } from "../../migrate/declaredTenants";
import { Timing } from "../../migrate/rateLimiter";

export const TENANTS: DeclaredTenants = {
  ids: new Set(["acme", "globex-eu", "initech"]),
  source: "tenants.json",
};

/** Timing whose sleeps return at once: backoff and pacing are asserted, not waited for. */
export const noWait: Timing = { now: () => 0, sleep: async () => undefined };

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: "initialize"; name?: string },
    ): void;
  };
}

/** Records the name of every command the client sends (including failed ones), in order. */
export function recordCalls(client: object): string[] {
  const calls: string[] = [];
  (client as MiddlewareClient).middlewareStack.add(
    (next, context) => (args) => {
      calls.push((context.commandName ?? "").replace(/Command$/, ""));
      return next(args);
    },
    { step: "initialize" },
  );
  return calls;
}

export function callsOf(calls: readonly string[], ...operations: string[]): string[] {
  return calls.filter((call) => operations.includes(call));
}

/** The first `times` calls of `operation` fail with an error named `name`, as AWS throttles. */
export function failFirst(client: object, operation: string, times: number, name: string): void {
  let failures = 0;
  (client as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === `${operation}Command` && failures < times) {
        failures++;
        throw Object.assign(new Error(`Rate exceeded (injected ${failures})`), { name });
      }
      return next(args);
    },
    { step: "initialize" },
  );
}

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection, but the promise resolved");
}
