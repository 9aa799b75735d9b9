// Stryker's config for a tier's static mutants against that tier's tests only (STRYKER_SPEC, from
// `npx tsx review/mutation.ts tests <tier>`): everything else as in stryker.config.json. A static
// mutant runs the whole spec after reloading every module, so fewer test files cut its time by
// two thirds; a mutant these tests miss counts as survived (a lower bound). Usage in docs/testing.md.
import process from "node:process";
import base from "./stryker.config.json" with { type: "json" };

const spec = (process.env.STRYKER_SPEC ?? "").split(",").filter(Boolean);
if (spec.length === 0) throw new Error('set STRYKER_SPEC="$(npx tsx review/mutation.ts tests <tier>)"');

export default {
    ...base,
    mochaOptions: { config: ".mocharc.json", spec },
    incremental: false,
    reporters: ["clear-text", "progress", "json", "event-recorder"],
    jsonReporter: { fileName: "reports/mutation/static.json" },
    eventReporter: { baseDir: "reports/mutation/events-static" },
};
