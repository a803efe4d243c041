/**
 * Platform names the pack must recognise, as `components/policies/arns.ts` builds them. The pack is
 * published alone, so it keeps its own copy; a test holds the two to the same values.
 */

/** The role Lambdas run as; it can do nothing but become a tenant. */
export function workloadRoleName(namePrefix: string): string {
  return `${namePrefix}-workload`;
}
