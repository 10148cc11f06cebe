// ESLint (flat config), run by scripts/test: the recommended rules for the page's JavaScript
// (docs/assets/js: ES modules in the browser and its Web Worker), the service worker's template
// (scripts/sitegen/sw.js, a classic script) and the Node scripts and unit tests.
import js from "@eslint/js";
import globals from "globals";

export default [
  {
    // What the build, the install and the tests write (see .gitignore), and what is vendored.
    ignores: [
      ".venv/", ".venv-zensical/", ".build/", "node_modules/", "site/", "build/", "dist/",
      "benchmark/", "test-results/",
      ".browser-packages/", ".build-cache/", ".hypothesis/", ".pytest_cache/", ".ruff_cache/",
    ],
  },
  js.configs.recommended,
  {
    files: ["docs/assets/js/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser, ...globals.worker },
    },
  },
  {
    // A classic script the build writes inline after each calculator's place (data.py).
    files: ["scripts/sitegen/inline/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "script", globals: { ...globals.browser } },
  },
  {
    // A classic script: offline.py fills in its one `const BUILD = /* build-data */ ...;` line.
    files: ["scripts/sitegen/sw.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.serviceworker },
    },
  },
  {
    files: ["scripts/**/*.mjs", "tests/js/**/*.mjs", "eslint.config.mjs"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.node },
    },
  },
];
