import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { PlannedResource } from "./plannedResource";

export interface MockCloud {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
}

/** Ids and outputs of a deployed stack by `<type>::<logical name>` (unique in this program). */
export type DeployedState = ReadonlyMap<
  string,
  { readonly id: string; readonly outputs: Record<string, unknown> }
>;

export function deployedKey(type: string, name: string): string {
  return `${type}::${name}`;
}

export const DEFAULT_MOCK_CLOUD: MockCloud = {
  accountId: "123456789012",
  region: "us-east-1",
  partition: "aws",
};

/** The RPC surface of Pulumi's MockMonitor that the recorder wraps. */
interface RegisterResourceMonitor {
  registerResource(
    req: RegisterResourceRequest,
    callback: (err: unknown, resp: { getUrn(): string }) => void,
  ): unknown;
}

interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getDeletebeforereplace(): boolean;
  getImportid(): string;
  getDependenciesList(): string[];
  getObject(): Parameters<typeof pulumi.runtime.deserializeProperties>[0];
}

/**
 * Pulumi's mock engine plus a recorder of every RegisterResource request, which carries what
 * the mocks API hides (parent, protect, retainOnDelete) exactly as the CLI's engine would see it.
 */
export class RecordingMockEngine {
  readonly resources: PlannedResource[] = [];
  /** The URNs of `resources`: a scan per registration grew with the square of the plan's size. */
  private readonly urns = new Set<string>();
  private pending = 0;

  private constructor(readonly cloud: MockCloud) {}

  /** Installs fresh mocks: resources recorded by an earlier engine are forgotten. */
  static async start(
    cloud: MockCloud = DEFAULT_MOCK_CLOUD,
    stack = "dev",
    deployed: DeployedState = new Map(),
  ): Promise<RecordingMockEngine> {
    const engine = new RecordingMockEngine(cloud);
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          const mocked = mockResource(cloud, args.type, args.name, args.inputs);
          const existing = deployed.get(deployedKey(args.type, args.name));
          // A resource the stack already has keeps its id and outputs, as in a real preview.
          return existing === undefined
            ? mocked
            : {
                id: existing.id,
                state: { ...mocked.state, ...existing.outputs, ...args.inputs },
              };
        },
        call: (args) => mockCall(cloud, args.token),
      },
      "tenancy",
      stack,
      false,
    );
    engine.recordRegistrations(pulumi.runtime.getMonitor() as unknown as RegisterResourceMonitor);
    return engine;
  }

  /** Resolves once every registration the program started has been answered. */
  async settle(): Promise<void> {
    for (let quietTurns = 0; quietTurns < 3;) {
      await new Promise((resolve) => setImmediate(resolve));
      quietTurns = this.pending === 0 ? quietTurns + 1 : 0;
    }
  }

  private recordRegistrations(monitor: RegisterResourceMonitor): void {
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
      this.pending += 1;
      return register(req, (err, resp) => {
        this.pending -= 1;
        const urn = err ? undefined : resp.getUrn();
        if (urn !== undefined && this.urns.has(urn)) {
          // The real engine refuses a second registration of one URN; so does the offline run.
          err = new Error(`Duplicate resource URN '${urn}'`);
        }
        if (!err && urn !== undefined) {
          this.urns.add(urn);
          this.resources.push({
            type: req.getType(),
            name: req.getName(),
            urn,
            parent: req.getParent() || undefined,
            custom: req.getCustom(),
            inputs: pulumi.runtime.deserializeProperties(req.getObject()),
            protect: req.getProtect() ?? false,
            retainOnDelete: req.getRetainondelete() ?? false,
            deleteBeforeReplace: req.getDeletebeforereplace(),
            ...(req.getImportid() ? { importId: req.getImportid() } : {}),
            dependencies: req.getDependenciesList(),
          });
        }
        callback(err, resp);
      });
    };
  }
}

/** Realistic ids and ARNs, so outputs read like a real stack's. */
function mockResource(
  cloud: MockCloud,
  type: string,
  name: string,
  inputs: Record<string, unknown>,
) {
  const { partition, region, accountId } = cloud;
  const hash = createHash("sha256").update(`${type}::${name}`).digest("hex");
  switch (type) {
    case "aws:iam/role:Role":
      return {
        id: String(inputs.name),
        state: {
          ...inputs,
          arn: `arn:${partition}:iam::${accountId}:role${String(inputs.path ?? "/")}${String(inputs.name)}`,
        },
      };
    case "aws:iam/policy:Policy": {
      // Auto-named policies get the logical name, as Pulumi's auto-naming would start them.
      const policyName = String(inputs.name ?? name);
      const arn = `arn:${partition}:iam::${accountId}:policy${String(inputs.path ?? "/")}${policyName}`;
      return { id: arn, state: { ...inputs, name: policyName, arn } };
    }
    case "aws:cognito/userPool:UserPool": {
      const id = `${region}_${hash.slice(0, 9)}`;
      return {
        id,
        state: {
          ...inputs,
          arn: `arn:${partition}:cognito-idp:${region}:${accountId}:userpool/${id}`,
        },
      };
    }
    case "aws:cognito/userPoolClient:UserPoolClient":
      return { id: hash.slice(0, 26), state: inputs };
    case "aws:dynamodb/table:Table":
      return {
        id: String(inputs.name),
        state: {
          ...inputs,
          arn: `arn:${partition}:dynamodb:${region}:${accountId}:table/${String(inputs.name)}`,
        },
      };
    case "aws:s3/bucket:Bucket":
      return {
        id: String(inputs.bucket),
        state: { ...inputs, arn: `arn:${partition}:s3:::${String(inputs.bucket)}` },
      };
    case "aws:bedrock/inferenceProfile:InferenceProfile": {
      const arn = `arn:${partition}:bedrock:${region}:${accountId}:application-inference-profile/${hash.slice(0, 12)}`;
      return { id: arn, state: { ...inputs, arn } };
    }
    case "aws:lambda/function:Function": {
      const arn = `arn:${partition}:lambda:${region}:${accountId}:function:${String(inputs.name)}`;
      return {
        id: String(inputs.name),
        state: {
          ...inputs,
          arn,
          invokeArn: `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
        },
      };
    }
    case "aws:apigatewayv2/api:Api": {
      const id = hash.slice(0, 10);
      return {
        id,
        state: {
          ...inputs,
          arn: `arn:${partition}:apigateway:${region}::/apis/${id}`,
          apiEndpoint: `https://${id}.execute-api.${region}.amazonaws.com`,
          executionArn: `arn:${partition}:execute-api:${region}:${accountId}:${id}`,
        },
      };
    }
    case "aws:apigatewayv2/stage:Stage":
      return {
        id: String(inputs.name),
        state: {
          ...inputs,
          invokeUrl: `https://${String(inputs.apiId)}.execute-api.${region}.amazonaws.com/`,
        },
      };
    default:
      return { id: `${name}-id`, state: inputs };
  }
}

function mockCall(cloud: MockCloud, token: string): Record<string, unknown> {
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: cloud.accountId,
        arn: `arn:${cloud.partition}:iam::${cloud.accountId}:user/offline-plan`,
        userId: "AIDAOFFLINEPLAN",
        id: cloud.accountId,
      };
    case "aws:index/getRegion:getRegion":
      return { region: cloud.region, name: cloud.region, id: cloud.region };
    case "aws:index/getPartition:getPartition":
      return { partition: cloud.partition, dnsSuffix: "amazonaws.com", id: cloud.partition };
    default:
      // An invoke the mocks do not know would silently return nothing: fail loudly instead.
      throw new Error(
        `The offline mock engine has no answer for ${token}; add it to plan/mockEngine.ts.`,
      );
  }
}
