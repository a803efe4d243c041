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
import { TENANT_TAG_KEY, tenantS3Prefix } from "../naming";
import { plainSnapshot } from "./plainSnapshot";
import { checkPath } from "./tenantS3";

/** Foundation model id -> the tenant's application inference profile ARN for it. */
export type InferenceProfileMap = Readonly<Record<string, string>>;

/**
 * Bedrock runtime client bound to one tenant: `modelId` names a model as tenants.json does, a
 * foundation model (e.g. `anthropic.claude-3-haiku-20240307-v1:0`) or a cross-Region profile
 * (e.g. `us.anthropic.claude-3-haiku-20240307-v1:0`), and every call goes through the tenant's own
 * application inference profile for it, so usage and cost are attributed per tenant. A model
 * without a profile is refused before any call. Converse calls carry
 * `requestMetadata.tenantId` for invocation logs. Content read from S3 (`s3Location` of an
 * image, document or video) must lie under the tenant's prefix of the shared bucket; a client
 * built without the bucket refuses it. The body of `invokeModel` is the model's own format and
 * is passed as given.
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
  readonly #tenantId: string;
  readonly #profiles: InferenceProfileMap;
  /** `s3://<bucket>/tenants/<id>/`, the only S3 content a call may name. */
  readonly #s3Prefix: string | undefined;
  readonly #keyPrefix: string;

  constructor(
    client: BedrockRuntimeClient,
    tenantId: string,
    profiles: InferenceProfileMap,
    bucket?: string,
  ) {
    this.#client = client;
    this.#tenantId = tenantId;
    this.#profiles = profiles;
    this.#keyPrefix = tenantS3Prefix(tenantId);
    this.#s3Prefix = bucket === undefined ? undefined : `s3://${bucket}/${this.#keyPrefix}`;
  }

  /** The tenant its calls are attributed to (`requestMetadata.tenantId`); it cannot be changed. */
  get tenantId(): string {
    return this.#tenantId;
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
    for (const location of s3LocationsIn(input)) this.#checkS3Location(location);
    return {
      ...input,
      modelId: this.#profileArn(input.modelId),
      requestMetadata: { ...input.requestMetadata, [TENANT_TAG_KEY]: this.#tenantId },
    };
  }

  #checkS3Location(location: unknown): void {
    const uri = (location as { readonly uri?: unknown } | null)?.uri;
    const prefix = this.#s3Prefix;
    if (prefix === undefined || typeof uri !== "string" || !uri.startsWith(prefix)) {
      throw new RequestRefusedError(
        "ERR_KEY_INVALID",
        `s3Location.uri ${JSON.stringify(uri ?? null)} must name an object under ${prefix ?? "the tenant's prefix of the shared bucket, which this client was not given"}`,
      );
    }
    checkPath(uri.slice(prefix.length), "s3Location.uri", this.#keyPrefix);
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
        `Model ${JSON.stringify(modelId ?? null)} is not enabled for tenant ${this.#tenantId}`,
      );
    }
    return arn;
  }
}

/** Every `s3Location` value in a snapshot of a Converse input, wherever its content blocks sit. */
function s3LocationsIn(value: unknown): unknown[] {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value)) return [];
  return Object.entries(value).flatMap(([key, member]) =>
    key === "s3Location" ? [member] : s3LocationsIn(member),
  );
}
