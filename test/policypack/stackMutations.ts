import { CheckedResource } from "../../check/checkedResource";
import { PlannedResource } from "../../plan/plannedResource";
import { resource } from "./tenantStackFixture";

// One-field edits of a planned stack, each returning a new list (the baseline is never touched).

type Doc = { Version?: string; Statement: Array<Record<string, any>> };

export function findResource(
  resources: readonly PlannedResource[],
  name: string,
  type?: string,
): PlannedResource {
  const found = resources.find(
    (item) => item.name === name && (type === undefined || item.type === type),
  );
  if (found === undefined) throw new Error(`fixture has no resource ${name}`);
  return found;
}

export function withInputs(
  resources: readonly PlannedResource[],
  name: string,
  edit: (inputs: Record<string, any>) => Record<string, any>,
  type?: string,
): PlannedResource[] {
  const target = findResource(resources, name, type);
  return resources.map((item) =>
    item === target ? { ...item, inputs: edit(structuredClone(item.inputs)) } : item,
  );
}

/** Edits a JSON-string document held in `key` (policy, assumeRolePolicy). */
export function withDocument(
  resources: readonly PlannedResource[],
  name: string,
  key: string,
  edit: (doc: Doc) => unknown,
  type?: string,
): PlannedResource[] {
  return withInputs(
    resources,
    name,
    (inputs) => ({
      ...inputs,
      [key]: JSON.stringify(edit(JSON.parse(inputs[key] as string) as Doc)),
    }),
    type,
  );
}

/** Edits one statement (by Sid) of a tenant's data-access policy. */
export function withStatement(
  resources: readonly PlannedResource[],
  tenantId: string,
  sid: string,
  edit: (statement: Record<string, any>) => Record<string, any>,
): PlannedResource[] {
  return withDocument(resources, `${tenantId}-data-access`, "policy", (doc) => ({
    ...doc,
    Statement: doc.Statement.map((statement) =>
      statement.Sid === sid ? edit(statement) : statement,
    ),
  }));
}

export function addStatement(
  resources: readonly PlannedResource[],
  tenantId: string,
  statement: Record<string, unknown>,
): PlannedResource[] {
  return withDocument(resources, `${tenantId}-data-access`, "policy", (doc) => ({
    ...doc,
    Statement: [...doc.Statement, statement],
  }));
}

export function withoutResource(
  resources: readonly PlannedResource[],
  name: string,
): PlannedResource[] {
  const target = findResource(resources, name);
  return resources.filter((item) => item !== target);
}

export function addChild(
  resources: readonly PlannedResource[],
  parentName: string,
  type: string,
  name: string,
  inputs: Record<string, unknown>,
): PlannedResource[] {
  const parent = resources.find(
    (item) => item.name === parentName && item.type.startsWith("tenancy:"),
  );
  return [...resources, resource(type, name, inputs, parent)];
}

/** Records where inputs of `name` came from, as the engine sends it in AnalyzeStack. */
export function withPropertyDependencies(
  resources: readonly CheckedResource[],
  name: string,
  propertyDependencies: Record<string, string[]>,
): CheckedResource[] {
  const target = findResource(resources, name);
  return resources.map((item) =>
    item === target
      ? {
          ...item,
          propertyDependencies,
          dependencies: [...new Set(Object.values(propertyDependencies).flat())],
        }
      : item,
  );
}

/** Replaces a role's trust policy with one statement trusting `Principal`. */
export function withTrust(
  resources: readonly PlannedResource[],
  roleName: string,
  Principal: unknown,
  Action: unknown = "sts:AssumeRole",
): PlannedResource[] {
  return withInputs(resources, roleName, (inputs) => ({
    ...inputs,
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal, Action }],
    }),
  }));
}
