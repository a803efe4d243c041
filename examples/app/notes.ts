import { withTenant, type WithTenantOptions } from "@tenancy/runtime";
import { badRequest, json, jsonObject, routeNotFound, type HttpApiEvent } from "./httpApi";

/** All of a tenant's notes share one partition: stored as "<tenantId>#notes", read as "notes". */
const NOTES = "notes";
const MAX_NOTE_ID_LENGTH = 200;

/** GET /notes, GET /notes/{id}, PUT /notes/{id} ({"text": "..."}), DELETE /notes/{id}. */
export function notesHandler(options?: WithTenantOptions) {
  return withTenant(async (event: HttpApiEvent, tenant) => {
    if (event.routeKey === "GET /notes") {
      // The runtime adds the tenant's prefix to pk, so this query cannot see other tenants.
      const { Items = [] } = await tenant.dynamodb.query({
        KeyConditionExpression: "pk = :notes",
        ExpressionAttributeValues: { ":notes": NOTES },
      });
      return json(200, { tenantId: tenant.tenantId, notes: Items.map(toNote) });
    }
    const id = event.pathParameters?.id ?? "";
    if (id === "" || id.length > MAX_NOTE_ID_LENGTH)
      return badRequest("id", `use 1-${MAX_NOTE_ID_LENGTH} characters in /notes/{id}`);
    const key = { pk: NOTES, sk: id };

    switch (event.routeKey) {
      case "GET /notes/{id}": {
        const { Item } = await tenant.dynamodb.get({ Key: key });
        if (Item === undefined) return json(404, { message: `no note ${id}` });
        return json(200, { tenantId: tenant.tenantId, note: toNote(Item) });
      }
      case "PUT /notes/{id}": {
        const text = jsonObject(event)?.text;
        if (typeof text !== "string") return badRequest("text", 'send {"text": "..."} as JSON');
        const note = { ...key, text, author: tenant.identity.subject };
        await tenant.dynamodb.put({ Item: note });
        return json(200, { tenantId: tenant.tenantId, note: { id, text } });
      }
      case "DELETE /notes/{id}":
        await tenant.dynamodb.delete({ Key: key });
        return json(200, { tenantId: tenant.tenantId, deleted: id });
      default:
        return routeNotFound(event);
    }
  }, options);
}

function toNote(item: Record<string, unknown>): { id: unknown; text: unknown } {
  return { id: item.sk, text: item.text };
}
