import type { ExampleRoute } from "../app/routes";

export interface MatchedRoute {
  readonly route: ExampleRoute;
  readonly pathParameters: Record<string, string>;
}

interface CompiledRoute {
  readonly route: ExampleRoute;
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

/**
 * Matches requests to route keys as API Gateway's HTTP API does: `{name}` is one path segment,
 * a final `{name+}` (greedy) the rest of the path; parameters arrive URL-decoded.
 */
export function routeMatcher(
  routes: readonly ExampleRoute[],
): (method: string, path: string) => MatchedRoute | undefined {
  const compiled = routes.map(compile);
  return (method, path) => {
    for (const candidate of compiled) {
      if (candidate.method !== method) continue;
      const match = candidate.pattern.exec(path);
      if (match === null) continue;
      const pathParameters: Record<string, string> = {};
      candidate.names.forEach((name, i) => {
        pathParameters[name] = decodeURIComponent(match[i + 1] ?? "");
      });
      return { route: candidate.route, pathParameters };
    }
    return undefined;
  };
}

function compile(route: ExampleRoute): CompiledRoute {
  const [method, path] = route.routeKey.split(" ") as [string, string];
  const names: string[] = [];
  const source = path
    .split("/")
    .map((segment) => {
      const parameter = /^\{([A-Za-z]\w*)(\+?)\}$/.exec(segment);
      if (parameter === null) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(parameter[1] as string);
      return parameter[2] === "+" ? "(.+)" : "([^/]+)";
    })
    .join("/");
  return { route, method, pattern: new RegExp(`^${source}$`), names };
}
