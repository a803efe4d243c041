import {
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  type BedrockRuntimeClient,
  type ConverseCommandInput,
  type ConverseCommandOutput,
  type ConverseStreamCommandInput,
  type ConverseStreamCommandOutput,
  type InvokeModelCommandInput,
  type InvokeModelCommandOutput,
  type InvokeModelWithResponseStreamCommandInput,
  type InvokeModelWithResponseStreamCommandOutput,
} from "@aws-sdk/client-bedrock-runtime";
import { RequestRefusedError } from "../errors";
import { TENANT_TAG_KEY } from "../naming";
import { plainSnapshot } from "./plainSnapshot";

/** Foundation model id -> the tenant's application inference profile ARN for it. */
export type InferenceProfileMap = Readonly<Record<string, string>>;

/**
 * Bedrock runtime client bound to one tenant: `modelId` names a model as tenants.json does, a
 * foundation model (e.g. `anthropic.claude-3-haiku-20240307-v1:0`) or a cross-Region profile
 * (e.g. `us.anthropic.claude-3-haiku-20240307-v1:0`), and every call goes through the tenant's own
 * application inference profile for it, so usage and cost are attributed per tenant. A model
 * without a profile is refused before any call. Converse calls carry
 * `requestMetadata.tenantId` for invocation logs.
 *
 * @example
 * ```ts
 * const out = await ctx.bedrock.converse({
 *   modelId: "anthropic.claude-3-haiku-20240307-v1:0",
 *   messages: [{ role: "user", content: [{ text: "Hello" }] }],
 * });
 * ```
 */
export class TenantBedrock {
  // Real private state: handler code must not reach a client that skips the checks.
  readonly #client: BedrockRuntimeClient;
  readonly #profiles: InferenceProfileMap;

  constructor(
    client: BedrockRuntimeClient,
    readonly tenantId: string,
    profiles: InferenceProfileMap,
  ) {
    this.#client = client;
    this.#profiles = profiles;
  }

  /** Foundation model ids this tenant may use. */
  get allowedModels(): string[] {
    return Object.keys(this.#profiles).sort();
  }

  async converse(input: ConverseCommandInput): Promise<ConverseCommandOutput> {
    return this.#client.send(new ConverseCommand(this.#converseInput(input, "converse")));
  }

  async converseStream(input: ConverseStreamCommandInput): Promise<ConverseStreamCommandOutput> {
    return this.#client.send(
      new ConverseStreamCommand(this.#converseInput(input, "converseStream")),
    );
  }

  async invokeModel(untrusted: InvokeModelCommandInput): Promise<InvokeModelCommandOutput> {
    const input = plainSnapshot(untrusted, "invokeModel");
    return this.#client.send(
      new InvokeModelCommand({ ...input, modelId: this.#profileArn(input.modelId) }),
    );
  }

  async invokeModelWithResponseStream(
    untrusted: InvokeModelWithResponseStreamCommandInput,
  ): Promise<InvokeModelWithResponseStreamCommandOutput> {
    const input = plainSnapshot(untrusted, "invokeModelWithResponseStream");
    return this.#client.send(
      new InvokeModelWithResponseStreamCommand({
        ...input,
        modelId: this.#profileArn(input.modelId),
      }),
    );
  }

  #converseInput<T extends ConverseCommandInput | ConverseStreamCommandInput>(
    untrusted: T,
    operation: string,
  ): T {
    const input = plainSnapshot(untrusted, operation);
    return {
      ...input,
      modelId: this.#profileArn(input.modelId),
      requestMetadata: { ...input.requestMetadata, [TENANT_TAG_KEY]: this.tenantId },
    };
  }

  #profileArn(modelId: string | undefined): string {
    // hasOwn, not `in`: "constructor" or "__proto__" must not resolve to anything.
    const arn =
      typeof modelId === "string" && Object.hasOwn(this.#profiles, modelId)
        ? this.#profiles[modelId]
        : undefined;
    if (arn === undefined) {
      throw new RequestRefusedError(
        "ERR_MODEL_NOT_ALLOWED",
        `Model ${JSON.stringify(modelId ?? null)} is not enabled for tenant ${this.tenantId}`,
      );
    }
    return arn;
  }
}
