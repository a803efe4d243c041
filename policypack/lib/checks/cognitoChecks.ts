import { TENANT_ID_CLAIM } from "../naming";
import { Finding, finding, show } from "../finding";
import { containsUnknown } from "../knownValues";
import { APP_CLIENT_TYPES, ResourceView } from "../resourceView";
import { RULES } from "../ruleCatalog";

/** TI-COG-001: app clients never write the tenant id. */
export function checkCognito(view: ResourceView): Finding[] {
  if (!APP_CLIENT_TYPES.includes(view.type)) return [];
  const written = view.props.writeAttributes;
  // Unknown, or a list with an unknown element: TI-UNK-001 fails it (unknownChecks).
  if (containsUnknown(written)) return [];
  if (!Array.isArray(written)) {
    return [
      finding(
        RULES.cognitoTenantAttribute,
        "writeAttributes",
        "not set, so every writable attribute (custom:tenantId included) is writable",
      ),
    ];
  }
  const tenantAttribute = written.filter(
    (attribute) =>
      typeof attribute === "string" && attribute.toLowerCase() === TENANT_ID_CLAIM.toLowerCase(),
  );
  return tenantAttribute.length === 0
    ? []
    : [
        finding(
          RULES.cognitoTenantAttribute,
          "writeAttributes",
          `${show(written)} includes ${show(TENANT_ID_CLAIM)}`,
        ),
      ];
}
