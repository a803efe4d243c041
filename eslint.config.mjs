// @ts-check
import eslint from "@eslint/js";
import security from "eslint-plugin-security";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "runtime/dist/**", ".stryker-tmp/**", "reports/**"] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Unused destructured siblings are how tests drop a field from a fixture.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { varsIgnorePattern: "^_", argsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    // The runtime runs inside customers' Lambdas with untrusted input (the pack carries a copy of its naming).
    files: ["runtime/src/**/*.ts", "policypack/lib/naming.ts"],
    ...security.configs.recommended,
    rules: {
      ...security.configs.recommended.rules,
      // It flags every obj[variable], including keys TypeScript already pins to literal unions
      // and constant tables, so its warnings said nothing. What it guards against is a key the
      // caller chooses, such as "__proto__", written into an object: that write is still flagged.
      "security/detect-object-injection": "off",
      "no-restricted-syntax": [
        "warn",
        {
          selector:
            // Constant-case names (PARTITION_KEY) are fixed keys, not input.
            "AssignmentExpression > MemberExpression.left[computed=true][property.type!='Literal']:not([property.name=/^[A-Z][A-Z0-9_]*$/])",
          message:
            "Writing through a computed key can pollute a prototype when the key comes from input: use a Map, or check the key against a fixed set first.",
        },
      ],
    },
  },
  {
    // Its one file read is the path the operator sets in TENANCY_INFERENCE_PROFILES_FILE:
    // configuration, not request input.
    files: ["runtime/src/config.ts"],
    rules: { "security/detect-non-literal-fs-filename": "off" },
  },
  {
    // Plain CommonJS scripts the benchmarks run in fresh processes.
    files: ["**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        performance: "readonly",
        __dirname: "readonly",
        console: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-require-imports": "off",
    },
  },
);
