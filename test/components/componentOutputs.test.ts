import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { Tenant, TenantPlatform } from "../../components";
import { planFor, tenant } from "../helpers/programUnderTest";

interface Registration {
  readonly component: pulumi.ComponentResource;
  readonly outputs: Record<string, unknown>;
}

/** A component's public fields that are values, not the SDK's own state or child resources. */
function publicOutputFields(component: pulumi.ComponentResource): string[] {
  return Object.entries(component)
    .filter(([key]) => !key.startsWith("__") && key !== "urn")
    .filter(([, value]) => !pulumi.Resource.isInstance(value))
    .map(([key]) => key)
    .sort();
}

describe("component outputs", () => {
  const registrations: Registration[] = [];

  before(async () => {
    // registerOutputs is protected and the mock engine does not record it: watch the SDK call.
    const prototype = pulumi.ComponentResource.prototype as unknown as {
      registerOutputs(outputs?: Record<string, unknown>): void;
    };
    const original = prototype.registerOutputs;
    prototype.registerOutputs = function (this: pulumi.ComponentResource, outputs) {
      // The SDK itself registers a component's (empty) initialize() result: not ours.
      if (outputs !== undefined) registrations.push({ component: this, outputs });
      return original.call(this, outputs);
    };
    try {
      await planFor([tenant("acme")]);
    } finally {
      prototype.registerOutputs = original;
    }
  });

  for (const [name, type] of [
    ["TenantPlatform", TenantPlatform],
    ["Tenant", Tenant],
  ] as const) {
    it(`${name} registers every public output`, () => {
      const registered = registrations.filter((r) => r.component instanceof type);
      expect(registered).to.have.length(1);
      const [{ component, outputs }] = registered;
      expect(Object.keys(outputs).sort()).to.deep.equal(publicOutputFields(component));
    });
  }
});
