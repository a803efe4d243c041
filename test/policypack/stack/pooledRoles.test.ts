import { expect } from "chai";
import { pooledRoleName } from "../../../policypack/lib/naming";
import { isPooledRoleName, prefixOfPooledRole } from "../../../policypack/lib/pooledRoles";
import { readSettings } from "../../../policypack/lib/settings";

// A pooled shard role is named `<prefix>-pooled-<shard>` (naming.ts's pooledRoleName, the shard a
// number written without leading zeros). With a name prefix configured only that prefix's shard
// roles count; without one, any prefix does.

const CONFIGURED = readSettings({ namePrefix: "dev" });
const UNCONFIGURED = readSettings({});

describe("pooledRoles", () => {
  describe("prefixOfPooledRole", () => {
    for (const [name, prefix, why] of [
      [pooledRoleName("dev", 0), "dev", "shard 0"],
      [pooledRoleName("dev", 9), "dev", "a one-digit shard (9: the class ends there)"],
      [pooledRoleName("dev", 190), "dev", "several digits, 0 and 9 among them"],
      [pooledRoleName("team-a-dev", 3), "team-a-dev", "a prefix with hyphens"],
      [pooledRoleName("x", 1), "x", "a one-character prefix"],
      ["dev-pooled-01", undefined, "a leading zero: pooledRoleName never writes one"],
      ["dev-pooled-", undefined, "no shard"],
      ["dev-pooled-1x", undefined, "a shard that is not a number"],
      ["dev-pooled-0-role", undefined, "text after the shard"],
      ["-pooled-0", undefined, "no prefix"],
      ["dev-pooled0", undefined, "no hyphen before the shard"],
      ["devpooled-0", undefined, "no hyphen before the segment"],
      ["dev-tenant-acme", undefined, "a dedicated tenant role"],
      ["dev-workload", undefined, "a platform role"],
    ] as const) {
      it(`${name} -> ${String(prefix)}: ${why}`, () =>
        expect(prefixOfPooledRole(name)).to.equal(prefix));
    }
  });

  describe("isPooledRoleName", () => {
    for (const [name, configured, unconfigured, why] of [
      ["dev-pooled-0", true, true, "the stack's own shard role"],
      ["prod-pooled-0", false, true, "another prefix: counts only when the prefix is unknown"],
      ["dev-pooled-01", false, false, "not a shard role's name"],
      ["dev-workload", false, false, "a platform role"],
    ] as const) {
      it(`${name}: ${configured} configured, ${unconfigured} unconfigured (${why})`, () => {
        expect(isPooledRoleName(name, CONFIGURED)).to.equal(configured);
        expect(isPooledRoleName(name, UNCONFIGURED)).to.equal(unconfigured);
      });
    }
  });
});
