import { expect } from "chai";
import { analyzeResources } from "../../check/analyzeResources";
import { ruleIdOf } from "../../check/violation";
import { readStackSettings } from "../../components/stackSettings";
import { workloadLogGroupsArn } from "../../components/policies/workloadRolePolicy";
import { EXAMPLE_ROUTES } from "../../examples/app/routes";
import type { PlannedResource } from "../../plan/plannedResource";
import type { Plan } from "../../plan/runPlan";
import { proofInputFromPlan } from "../../proofs/fromPlan";
import { proveIsolation } from "../../proofs/proveIsolation";
import { planFor, tenant } from "../helpers/programUnderTest";

const PLATFORM = {
  partition: "aws",
  region: "us-east-1",
  accountId: "123456789012",
  namePrefix: "dev",
  tableName: "dev-tenant-data",
  bucketName: "dev-data-123456789012-us-east-1",
};
const SPECS = [
  tenant("acme"),
  tenant("globex", { models: [] }),
  tenant("initech", { status: "suspended" }),
];

function ofType(plan: Plan, type: string): PlannedResource[] {
  return plan.resources.filter((r) => r.type === type);
}

describe("ExampleApp (tenancy:exampleApp)", () => {
  let plan: Plan;
  before(async () => {
    plan = await planFor(SPECS, { exampleApp: true });
  });

  it("puts the API, its authorizer, routes, stage and three functions under one component", () => {
    const component = plan.resources.find((r) => r.type === "tenancy:index:ExampleApp");
    expect(component?.name).to.equal("dev-example");
    const children = plan.resources.filter((r) => r.parent === component?.urn);
    const counts: Record<string, number> = {};
    for (const r of children) counts[r.type] = (counts[r.type] ?? 0) + 1;
    expect(counts).to.deep.equal({
      "aws:apigatewayv2/api:Api": 1,
      "aws:apigatewayv2/authorizer:Authorizer": 1,
      "aws:apigatewayv2/integration:Integration": 3,
      "aws:apigatewayv2/route:Route": EXAMPLE_ROUTES.length,
      "aws:apigatewayv2/stage:Stage": 1,
      "aws:cloudwatch/logGroup:LogGroup": 3,
      "aws:lambda/function:Function": 3,
      "aws:lambda/permission:Permission": 3,
    });
    expect(plan.outputs.exampleApiUrl).to.match(
      /^https:\/\/\w+\.execute-api\.us-east-1\.amazonaws\.com\/$/,
    );
  });

  it("admits only ID tokens of the stack's user pool and app client (issuer, audience)", () => {
    const [authorizer] = ofType(plan, "aws:apigatewayv2/authorizer:Authorizer");
    expect(authorizer?.inputs).to.deep.include({
      authorizerType: "JWT",
      identitySources: ["$request.header.Authorization"],
      jwtConfiguration: {
        issuer: `https://cognito-idp.us-east-1.amazonaws.com/${plan.outputs.userPoolId}`,
        audiences: [plan.outputs.userPoolClientId],
      },
    });
    const routes = ofType(plan, "aws:apigatewayv2/route:Route");
    expect(routes.map((r) => r.inputs.routeKey)).to.have.members(
      EXAMPLE_ROUTES.map((r) => r.routeKey),
    );
    for (const route of routes) {
      expect(route.inputs).to.include({
        authorizationType: "JWT",
        authorizerId: "dev-example-authorizer-id",
      });
    }
  });

  it("runs each function on nodejs24.x as the workload role, with the runtime's environment", () => {
    const functions = ofType(plan, "aws:lambda/function:Function");
    const { TENANCY_INFERENCE_PROFILES: inline, ...environment } = plan.outputs
      .runtimeEnvironment as Record<string, string>;
    expect(inline).to.be.a("string");
    expect(functions.map((f) => [f.inputs.name, f.inputs.handler])).to.deep.equal([
      ["dev-example-notes", "index.notes"],
      ["dev-example-files", "index.files"],
      ["dev-example-ask", "index.ask"],
    ]);
    for (const fn of functions) {
      expect(fn.inputs).to.deep.include({
        runtime: "nodejs24.x",
        role: plan.outputs.workloadRoleArn,
        environment: {
          variables: {
            ...environment,
            TENANCY_INFERENCE_PROFILES_FILE: "/var/task/inference-profiles.json",
          },
        },
      });
    }
    expect(plan.outputs.workloadRoleArn).to.equal("arn:aws:iam::123456789012:role/dev-workload");
  });

  it("ships the esbuild bundle and the stack's inferenceProfiles as the function's code", async () => {
    const [fn] = ofType(plan, "aws:lambda/function:Function");
    const assets = await (fn?.inputs.code as { assets: Promise<Record<string, any>> }).assets;
    expect(Object.keys(assets)).to.deep.equal(["index.js", "inference-profiles.json"]);
    expect(JSON.parse(await assets["inference-profiles.json"].text)).to.deep.equal(
      plan.outputs.inferenceProfiles,
    );
    const code: string = await assets["index.js"].text;
    expect(code.length).to.be.greaterThan(100_000);
    expect(code).to.include("exports");
  });

  it("names each log group inside the workload role's log permission, and lets only API Gateway invoke", () => {
    const allowed = new RegExp(
      `^${workloadLogGroupsArn(PLATFORM).split(":log-group:")[1]?.replace("*", ".*")}$`,
    );
    const groups = ofType(plan, "aws:cloudwatch/logGroup:LogGroup").map((g) =>
      String(g.inputs.name),
    );
    expect(groups).to.deep.equal([
      "/aws/lambda/dev-example-notes",
      "/aws/lambda/dev-example-files",
      "/aws/lambda/dev-example-ask",
    ]);
    for (const group of groups) expect(group).to.match(allowed);
    for (const permission of ofType(plan, "aws:lambda/permission:Permission")) {
      expect(permission.inputs).to.include({
        action: "lambda:InvokeFunction",
        principal: "apigateway.amazonaws.com",
      });
      expect(permission.inputs.sourceArn).to.match(
        /^arn:aws:execute-api:us-east-1:123456789012:\w+\/\*\/\*$/,
      );
    }
  });

  it("passes the tenant-isolation pack over the analyzer protocol", async () => {
    const violations = await analyzeResources(plan.resources);
    expect(violations.map((v) => `${ruleIdOf(v)} ${v.urn}`)).to.deep.equal([]);
  });

  it("passes the isolation proofs", async () => {
    const report = await proveIsolation(proofInputFromPlan(plan, SPECS, PLATFORM));
    expect(report.ok).to.equal(true);
  });

  it("is off by default: no example resources", async () => {
    const off = await planFor(SPECS);
    expect(
      off.resources.filter((r) => /apigatewayv2|lambda|ExampleApp/.test(r.type)),
    ).to.deep.equal([]);
    expect(off.outputs).to.not.have.property("exampleApiUrl");
  });
});

describe("tenancy:exampleApp setting", () => {
  const where = { stack: "dev", region: "eu-west-1" };
  const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

  it("is absent (off) by default and when false, and reads true", () => {
    expect(readStackSettings(config({}), where)).to.not.have.property("exampleApp");
    expect(readStackSettings(config({ exampleApp: "false" }), where)).to.not.have.property(
      "exampleApp",
    );
    expect(readStackSettings(config({ exampleApp: "true" }), where).exampleApp).to.equal(true);
  });

  it("refuses a value that is not a boolean, naming the key and the fix", () => {
    expect(() => readStackSettings(config({ exampleApp: "yes" }), where))
      .to.throw()
      .that.includes({
        code: "ERR_INVALID_CONFIG",
        message:
          'tenancy:exampleApp: "yes" is not a boolean. Fix: pulumi config set tenancy:exampleApp true (or false)',
      });
  });
});
