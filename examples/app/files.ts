import { withTenant, type WithTenantOptions } from "@tenancy/runtime";
import { bodyBytes, header, json, routeNotFound, type HttpApiEvent } from "./httpApi";

/** GET /files, GET /files/{key+}, PUT /files/{key+} (the body as is), DELETE /files/{key+}. */
export function filesHandler(options?: WithTenantOptions) {
  return withTenant(async (event: HttpApiEvent, tenant) => {
    if (event.routeKey === "GET /files") {
      // Keys come back relative to the tenant's prefix, tenants/<tenantId>/.
      const { objects } = await tenant.s3.list({ prefix: event.queryStringParameters?.prefix });
      const files = objects.map(({ key, size }) => ({ key, size }));
      return json(200, { tenantId: tenant.tenantId, files });
    }
    // A key the runtime refuses (empty, "..", control characters) is a typed 400 from withTenant.
    const key = event.pathParameters?.key ?? "";

    switch (event.routeKey) {
      case "GET /files/{key+}": {
        try {
          const object = await tenant.s3.get({ key });
          const bytes = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
          return {
            statusCode: 200,
            headers: { "content-type": object.ContentType ?? "application/octet-stream" },
            body: bytes.toString("base64"),
            isBase64Encoded: true,
          };
        } catch (error) {
          if ((error as Error).name === "NoSuchKey")
            return json(404, { message: `no file ${key}` });
          throw error;
        }
      }
      case "PUT /files/{key+}": {
        const body = bodyBytes(event);
        const contentType = header(event, "content-type") ?? "application/octet-stream";
        await tenant.s3.put({ key, body, contentType });
        return json(200, { tenantId: tenant.tenantId, file: { key, size: body.length } });
      }
      case "DELETE /files/{key+}":
        await tenant.s3.delete({ key });
        return json(200, { tenantId: tenant.tenantId, deleted: key });
      default:
        return routeNotFound(event);
    }
  }, options);
}
