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

/** Foundation model id -> the tenant's application inference profile ARN for it. */
export type InferenceProfileMap = Readonly<Record<string, string>>;

/**
 * Bedrock runtime client bound to one tenant: `modelId` names a foundation model (e.g.
 * `anthropic.claude-3-haiku-20240307-v1:0`) and every call goes through the tenant's own
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
  constructor(
    private readonly client: BedrockRuntimeClient,
    readonly tenantId: string,
    private readonly profiles: InferenceProfileMap,
  ) {}

  /** Foundation model ids this tenant may use. */
  get allowedModels(): string[] {
    return Object.keys(this.profiles).sort();
  }

  converse(input: ConverseCommandInput): Promise<ConverseCommandOutput> {
    return this.client.send(new ConverseCommand(this.converseInput(input)));
  }

  converseStream(input: ConverseStreamCommandInput): Promise<ConverseStreamCommandOutput> {
    return this.client.send(new ConverseStreamCommand(this.converseInput(input)));
  }

  invokeModel(input: InvokeModelCommandInput): Promise<InvokeModelCommandOutput> {
    return this.client.send(
      new InvokeModelCommand({ ...input, modelId: this.profileArn(input.modelId) }),
    );
  }

  invokeModelWithResponseStream(
    input: InvokeModelWithResponseStreamCommandInput,
  ): Promise<InvokeModelWithResponseStreamCommandOutput> {
    return this.client.send(
      new InvokeModelWithResponseStreamCommand({
        ...input,
        modelId: this.profileArn(input.modelId),
      }),
    );
  }

  private converseInput<T extends ConverseCommandInput | ConverseStreamCommandInput>(input: T): T {
    return {
      ...input,
      modelId: this.profileArn(input.modelId),
      requestMetadata: { ...input.requestMetadata, [TENANT_TAG_KEY]: this.tenantId },
    };
  }

  private profileArn(modelId: string | undefined): string {
    // hasOwn, not `in`: "constructor" or "__proto__" must not resolve to anything.
    const arn =
      modelId !== undefined && Object.hasOwn(this.profiles, modelId)
        ? this.profiles[modelId]
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
