/**
 * The example's routes and which function serves each: the local server of `npm run dev` and
 * the deployed HTTP API (components/exampleApp.ts) are built from this one table.
 */
export const EXAMPLE_FUNCTIONS = ["notes", "files", "ask"] as const;
export type ExampleFunction = (typeof EXAMPLE_FUNCTIONS)[number];

export interface ExampleRoute {
  /** API Gateway's route key: method, then a path whose `{name}` / `{name+}` are parameters. */
  readonly routeKey: string;
  readonly function: ExampleFunction;
}

export const EXAMPLE_ROUTES: readonly ExampleRoute[] = [
  { routeKey: "GET /notes", function: "notes" },
  { routeKey: "GET /notes/{id}", function: "notes" },
  { routeKey: "PUT /notes/{id}", function: "notes" },
  { routeKey: "DELETE /notes/{id}", function: "notes" },
  { routeKey: "GET /files", function: "files" },
  { routeKey: "GET /files/{key+}", function: "files" },
  { routeKey: "PUT /files/{key+}", function: "files" },
  { routeKey: "DELETE /files/{key+}", function: "files" },
  { routeKey: "POST /ask", function: "ask" },
];
