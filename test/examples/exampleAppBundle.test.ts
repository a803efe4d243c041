import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleExampleApp, OPTIONAL_SDK_MODULES } from "../../components/exampleAppBundle";

describe("bundleExampleApp (esbuild)", () => {
  let code: string;
  before(() => {
    code = bundleExampleApp();
  });

  it("bundles examples/app/lambda.ts into one file that needs only Node's own modules (and the SDK's optional CRT signer)", () => {
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1] as string);
    const builtin = new Set(builtinModules);
    const foreign = required.filter((name) => !builtin.has(name.replace(/^node:/, "")));
    expect([...new Set(foreign)]).to.deep.equal(OPTIONAL_SDK_MODULES);
    expect(code).to.include("tenantId");
  });

  it("exports one handler per function, without reading the environment at load", () => {
    const directory = mkdtempSync(join(tmpdir(), "example-bundle-"));
    try {
      const file = join(directory, "index.js");
      writeFileSync(file, code);
      const loaded = require(file) as Record<string, unknown>;
      expect(Object.keys(loaded).sort()).to.deep.equal(["ask", "files", "notes"]);
      for (const handler of Object.values(loaded)) expect(handler).to.be.a("function");
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("gives the same bytes for the same sources, so an unchanged app is no code update", () => {
    expect(bundleExampleApp()).to.equal(code);
  });

  it("reports a broken app as ERR_EXAMPLE_APP_BUNDLE with esbuild's message and the fix", () => {
    const directory = mkdtempSync(join(tmpdir(), "example-broken-"));
    try {
      const entry = join(directory, "lambda.ts");
      writeFileSync(
        entry,
        'import { nothing } from "no-such-package-anywhere";\nexport const x = nothing;\n',
      );
      expect(() => bundleExampleApp(entry))
        .to.throw()
        .that.satisfies((error: { code: string; message: string }) => {
          expect(error.code).to.equal("ERR_EXAMPLE_APP_BUNDLE");
          expect(error.message).to.include("pulumi config set tenancy:exampleApp false");
          expect(error.message).to.include('Could not resolve "no-such-package-anywhere"');
          return true;
        });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
