import { expect } from "chai";
import { TenancyError } from "@tenancy/runtime";

/** Awaits a promise (or calls a function) that must fail with a runtime error; returns `{ code, message }`. */
export async function refusal(
  action: Promise<unknown> | (() => unknown),
): Promise<{ code: string; message: string }> {
  try {
    await (typeof action === "function" ? action() : action);
  } catch (err) {
    expect(err).to.be.instanceOf(TenancyError);
    const { code, message } = err as TenancyError;
    return { code, message };
  }
  throw new Error("expected the runtime to refuse");
}
