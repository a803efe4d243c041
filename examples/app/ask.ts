import { withTenant, type WithTenantOptions } from "@tenancy/runtime";
import { badRequest, json, jsonObject, routeNotFound, type HttpApiEvent } from "./httpApi";

export interface AskHandlerOptions extends WithTenantOptions {
  /**
   * Why Bedrock cannot be called here (no local stand-in): the route answers 501 with it
   * instead of sending a request that could only fail.
   */
  readonly bedrockUnavailable?: string;
}

/** POST /ask ({"prompt": "...", "modelId"?: "..."}): one Converse call through the tenant's profile. */
export function askHandler(options: AskHandlerOptions = {}) {
  return withTenant(async (event: HttpApiEvent, tenant) => {
    if (event.routeKey !== "POST /ask") return routeNotFound(event);
    if (options.bedrockUnavailable !== undefined)
      return json(501, { message: options.bedrockUnavailable });
    const request = jsonObject(event);
    const prompt = request?.prompt;
    if (typeof prompt !== "string" || prompt === "")
      return badRequest("prompt", 'send {"prompt": "..."} as JSON');
    const models = tenant.bedrock.allowedModels;
    const modelId = request?.modelId ?? models[0];
    if (modelId === undefined)
      return json(403, {
        message: `tenant ${tenant.tenantId} has no Bedrock model: list one in its bedrock.models in tenants.json`,
      });
    if (typeof modelId !== "string")
      return badRequest("modelId", `name one of the tenant's models: ${models.join(", ")}`);
    // A model without a profile of this tenant is refused by the runtime (ERR_MODEL_NOT_ALLOWED, 403).
    const answer = await tenant.bedrock.converse({
      modelId,
      messages: [{ role: "user", content: [{ text: prompt }] }],
    });
    const text = answer.output?.message?.content?.[0]?.text ?? "";
    return json(200, { tenantId: tenant.tenantId, modelId, answer: text });
  }, options);
}
