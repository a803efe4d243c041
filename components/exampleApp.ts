import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ENV } from "@tenancy/runtime/config";
import { EXAMPLE_FUNCTIONS, EXAMPLE_ROUTES, type ExampleFunction } from "../examples/app/routes";
import { DefaultTags, tagsArg } from "./defaultTags";
import { bundleExampleApp, EXAMPLE_APP_LAMBDA_RUNTIME } from "./exampleAppBundle";
import { PlatformLocation } from "./policies/arns";

export interface ExampleAppArgs {
  /** Prefix of every physical name; the workload role may only log for `<prefix>-*` functions. */
  readonly namePrefix: string;
  readonly location: pulumi.Input<PlatformLocation>;
  /** The role the functions run as: it can only assume tenant roles and write their logs. */
  readonly workloadRoleArn: pulumi.Input<string>;
  readonly userPoolId: pulumi.Input<string>;
  /** App clients whose ID tokens the API's authorizer accepts (its audience). */
  readonly clientIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The stack's `runtimeEnvironment`: what `fromEnv()` reads. */
  readonly runtimeEnvironment: pulumi.Input<Record<string, string>>;
  /** The stack's `inferenceProfiles`, shipped in the code as a file (no 4 KB environment limit). */
  readonly inferenceProfiles: pulumi.Input<Record<string, Record<string, string>>>;
  readonly tags?: DefaultTags;
}

/** Where the profile map lies in the function: Lambda unpacks the code archive to /var/task. */
export const EXAMPLE_PROFILES_PATH = "/var/task/inference-profiles.json";

/** `<prefix>-example-<function>`: inside the workload role's log permission, `/aws/lambda/<prefix>-*`. */
export function exampleFunctionName(namePrefix: string, fn: ExampleFunction): string {
  return `${namePrefix}-example-${fn}`;
}

/** The `iss` of the pool's tokens, which API Gateway's JWT authorizer checks. */
export function cognitoIssuer(location: PlatformLocation, userPoolId: string): string {
  const dnsSuffix = location.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
  return `https://cognito-idp.${location.region}.${dnsSuffix}/${userPoolId}`;
}

/** The function's environment: the runtime's variables, the profile map as a file instead. */
export function exampleEnvironment(
  runtimeEnvironment: Record<string, string>,
): Record<string, string> {
  const { [ENV.inferenceProfiles]: _inline, ...rest } = runtimeEnvironment;
  return { ...rest, [ENV.inferenceProfilesFile]: EXAMPLE_PROFILES_PATH };
}

/**
 * The example app of `examples/` (tenancy:exampleApp): an API Gateway HTTP API whose JWT
 * authorizer admits ID tokens of the stack's user pool and app clients, and one Lambda function
 * per handler, all from one esbuild bundle, running as the workload role. The authorizer turns
 * away requests without a valid token before any function runs; inside, the runtime verifies
 * the token again and scopes every call to the caller's tenant.
 */
export class ExampleApp extends pulumi.ComponentResource {
  public readonly url: pulumi.Output<string>;
  public readonly apiId: pulumi.Output<string>;
  public readonly functionNames: pulumi.Output<Record<ExampleFunction, string>>;

  constructor(name: string, args: ExampleAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super("tenancy:index:ExampleApp", name, {}, opts);
    const child = { parent: this };
    const tagged = tagsArg(args.tags ?? {});
    const code = bundleExampleApp();
    const archive = pulumi.output(args.inferenceProfiles).apply(
      (profiles) =>
        new pulumi.asset.AssetArchive({
          "index.js": new pulumi.asset.StringAsset(code),
          "inference-profiles.json": new pulumi.asset.StringAsset(JSON.stringify(profiles)),
        }),
    );
    const environment = pulumi.output(args.runtimeEnvironment).apply(exampleEnvironment);

    const api = new aws.apigatewayv2.Api(
      `${name}-api`,
      { name: `${args.namePrefix}-example`, protocolType: "HTTP", ...tagged },
      child,
    );
    const authorizer = new aws.apigatewayv2.Authorizer(
      `${name}-authorizer`,
      {
        apiId: api.id,
        name: "cognito-id-token",
        authorizerType: "JWT",
        identitySources: ["$request.header.Authorization"],
        jwtConfiguration: {
          issuer: pulumi
            .all([args.location, args.userPoolId])
            .apply(([location, poolId]) => cognitoIssuer(location, poolId)),
          audiences: args.clientIds,
        },
      },
      child,
    );

    const integrations = new Map<ExampleFunction, aws.apigatewayv2.Integration>();
    const functionNames: Partial<Record<ExampleFunction, pulumi.Output<string>>> = {};
    for (const fn of EXAMPLE_FUNCTIONS) {
      const functionName = exampleFunctionName(args.namePrefix, fn);
      // Created before the function, so Lambda does not create it without a retention period.
      const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-${fn}-logs`,
        { name: `/aws/lambda/${functionName}`, retentionInDays: 30, ...tagged },
        child,
      );
      const lambda = new aws.lambda.Function(
        `${name}-${fn}`,
        {
          name: functionName,
          description: `Example app (examples/app/${fn}.ts) on @tenancy/runtime`,
          runtime: EXAMPLE_APP_LAMBDA_RUNTIME,
          handler: `index.${fn}`,
          role: args.workloadRoleArn,
          code: archive,
          // A plain JavaScript bundle: the cheaper architecture runs it as well.
          architectures: ["arm64"],
          memorySize: 256,
          // Below API Gateway's 30 s integration limit, above the runtime's STS timeouts.
          timeout: 29,
          environment: { variables: environment },
          loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
          ...tagged,
        },
        { parent: this, dependsOn: [logGroup] },
      );
      new aws.lambda.Permission(
        `${name}-${fn}-invoke`,
        {
          function: lambda.name,
          action: "lambda:InvokeFunction",
          principal: "apigateway.amazonaws.com",
          sourceArn: pulumi.interpolate`${api.executionArn}/*/*`,
        },
        child,
      );
      integrations.set(
        fn,
        new aws.apigatewayv2.Integration(
          `${name}-${fn}-integration`,
          {
            apiId: api.id,
            integrationType: "AWS_PROXY",
            integrationUri: lambda.arn,
            payloadFormatVersion: "2.0",
          },
          child,
        ),
      );
      functionNames[fn] = lambda.name;
    }
    for (const route of EXAMPLE_ROUTES) {
      const integration = integrations.get(route.function) as aws.apigatewayv2.Integration;
      new aws.apigatewayv2.Route(
        `${name}-route-${routeSlug(route.routeKey)}`,
        {
          apiId: api.id,
          routeKey: route.routeKey,
          authorizationType: "JWT",
          authorizerId: authorizer.id,
          target: pulumi.interpolate`integrations/${integration.id}`,
        },
        child,
      );
    }
    const stage = new aws.apigatewayv2.Stage(
      `${name}-stage`,
      { apiId: api.id, name: "$default", autoDeploy: true, ...tagged },
      child,
    );

    this.url = stage.invokeUrl;
    this.apiId = api.id;
    this.functionNames = pulumi.output(
      functionNames as Record<ExampleFunction, pulumi.Output<string>>,
    );
    this.registerOutputs({ url: this.url, apiId: this.apiId, functionNames: this.functionNames });
  }
}

/** `GET /files/{key+}` -> `get-files-key`: route resources are named after their key. */
function routeSlug(routeKey: string): string {
  return routeKey
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
