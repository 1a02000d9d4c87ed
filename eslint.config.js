import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "dashboard/dist/", "tracker/dist/", "client/dist/", ".aviary/", "test-results/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", window: "readonly", document: "readonly", navigator: "readonly", fetch: "readonly", localStorage: "readonly", sessionStorage: "readonly", location: "readonly", history: "readonly", Intl: "readonly", TextEncoder: "readonly", TextDecoder: "readonly", AbortController: "readonly", performance: "readonly", crypto: "readonly", structuredClone: "readonly", queueMicrotask: "readonly", addEventListener: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
);
