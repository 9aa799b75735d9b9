// ESLint flat config: the recommended rules of ESLint and typescript-eslint, type-aware, so
// that floating promises (a resource declared inside an un-awaited promise) are caught.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["node_modules/", "bin/", ".scratch/", ".stryker-tmp/", "reports/", "functions/**/dist/"] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
        languageOptions: {
            parserOptions: { projectService: { allowDefaultProject: ["eslint.config.mjs", ".mocharc.js", "stryker.static.config.mjs"] }, tsconfigRootDir: import.meta.dirname },
        },
        rules: {
            // Pulumi resources are declared for their side effect; `new X()` without use is normal.
            "no-new": "off",
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
        },
    },
    {
        // Test assertions, the offline engine (mock monitor, recorder) and the policy pack (resource
        // props as the engine sends them) deal in untyped engine payloads.
        files: ["test/**/*.ts", "offline/**/*.ts", "policy/**/*.ts"],
        rules: {
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-unsafe-member-access": "off",
            "@typescript-eslint/no-unsafe-assignment": "off",
            "@typescript-eslint/no-unsafe-argument": "off",
            "@typescript-eslint/no-unsafe-call": "off",
            "@typescript-eslint/no-unsafe-return": "off",
            "@typescript-eslint/no-unused-expressions": "off",
        },
    },
    { files: ["eslint.config.mjs"], ...tseslint.configs.disableTypeChecked },
);
