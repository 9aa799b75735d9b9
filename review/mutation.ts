// Mutation testing a tier at a time. The tiers' files are listed here once:
//   npm run mutate -- --mutate "$(npx tsx review/mutation.ts globs secrets)"   mutate one tier
//   npm run mutate:scores                                                     score per tier
//   npx tsx review/mutation.ts survivors <tier>                               what a tier's tests miss
// Scores are read from Stryker's JSON report (reports/mutation/mutation.json, or the files given),
// counted the way Stryker counts them: killed and timed-out mutants are detected, survivors and
// mutants no test reaches are not, ignored and invalid mutants are left out.
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../offline/stack-file";

/** Files of each tier: a folder ends in "/", anything else is one file. */
export const TIERS: Record<string, readonly string[]> = {
    foundation: [
        "components/shared/",
        "stacks/platform.ts", "stacks/context.ts", "stacks/preflight.ts", "stacks/change-guard.ts", "stacks/replacements.ts", "stacks/access-logs.ts", "stacks/cost.ts", "stacks/tier.ts",
        ...["section", "sections", "validate", "messages", "platform", "fields", "load", "reference", "errors", "warnings", "cost"]
            .map((name) => `stacks/config/${name}.ts`),
    ],
    network: ["components/network/", "stacks/network.ts", "stacks/service-access.ts", "stacks/config/network.ts", "stacks/config/cidr.ts"],
    data: [
        "components/data/", "components/keys/", "stacks/data.ts", "stacks/keys.ts", "functions/db-bootstrap/",
        ...["postgres", "timescale", "cache", "keys", "windows"].map((name) => `stacks/config/${name}.ts`),
    ],
    "services and edge": [
        "components/compute/", "components/edge/", "stacks/compute.ts", "stacks/service-names.ts", "stacks/edge.ts",
        ...["services", "cluster", "alb", "nlb", "cdn"].map((name) => `stacks/config/${name}.ts`),
    ],
    secrets: [
        "components/secrets/", "stacks/secrets.ts", "stacks/config/secrets.ts", "stacks/config/secret-catalog.ts",
        "functions/rotation/", "functions/redeploy/", "functions/shared/", "functions/secret-connection/",
    ],
    observability: ["components/observability/", "stacks/observability.ts", "stacks/alarms.ts", "stacks/config/observability.ts"],
};

/**
 * The tests that exercise each tier, config tests first (they kill schema mutants fastest). A
 * run of a tier's static mutants against these alone takes a third of the full suite's time; a
 * mutant they miss might still die to another test, so its score is a lower bound.
 */
export const TIER_TESTS: Record<string, readonly string[]> = {
    foundation: ["test/config/", "test/platform/", "test/offline/", "test/review/cost/"],
    network: ["test/config/", "test/network/"],
    data: ["test/config/", "test/data/", "test/keys/"],
    "services and edge": ["test/config/", "test/compute/", "test/edge/"],
    secrets: ["test/config/", "test/secrets/", "test/functions/", "test/platform/no-plain-secrets.test.ts"],
    observability: ["test/config/", "test/observability/"],
};

/** Mocha spec globs of a tier's tests, as `STRYKER_SPEC` for stryker.static.config.mjs. */
export function tierTestSpecs(tier: string): string {
    const entries = TIER_TESTS[tier];
    if (!entries) throw new Error(`unknown tier "${tier}": one of ${Object.keys(TIER_TESTS).join(", ")}`);
    return ["test/config/reference.test.ts", ...entries.map((entry) => (entry.endsWith("/") ? `${entry}**/*.test.ts` : entry))].join(",");
}

export function tierOf(file: string): string | undefined {
    return Object.keys(TIERS).find((tier) =>
        TIERS[tier].some((entry) => (entry.endsWith("/") ? file.startsWith(entry) : file === entry)),
    );
}

/** Stryker's --mutate value for a tier: TypeScript files only. */
export function mutateGlobs(tier: string): string {
    const entries = TIERS[tier];
    if (!entries) throw new Error(`unknown tier "${tier}": one of ${Object.keys(TIERS).join(", ")}`);
    return entries.map((entry) => (entry.endsWith("/") ? `${entry}**/*.ts` : entry)).join(",");
}

interface Tally { files: Set<string>; detected: number; survived: number; noCoverage: number }

const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);

/** The part of Stryker's JSON report (mutation-testing-report-schema) read here. */
interface StrykerReport {
    files: Record<string, {
        source?: string;
        mutants: { status: string; mutatorName?: string; replacement?: string; location?: { start: { line: number; column: number }; end?: { line: number; column: number } } }[];
    }>;
}

function repoRelative(file: string): string {
    return (path.isAbsolute(file) ? path.relative(REPO_ROOT, file) : file).split(path.sep).join("/");
}

/**
 * One line per mutant of `tier` that no test detected, file by file in line order:
 * `file:line:column status mutator => replacement | the source line`, for writing the tests
 * that kill them.
 */
export function survivorLines(report: StrykerReport, tier: string): string[] {
    if (!TIERS[tier]) throw new Error(`unknown tier "${tier}": one of ${Object.keys(TIERS).join(", ")}`);
    const lines: string[] = [];
    for (const [file, { source, mutants }] of Object.entries(report.files)) {
        const relative = repoRelative(file);
        if (tierOf(relative) !== tier) continue;
        const sourceLines = (source ?? "").split("\n");
        const undetected = mutants.filter((m) => UNDETECTED.has(m.status) && m.location);
        undetected.sort((a, b) => a.location!.start.line - b.location!.start.line || a.location!.start.column - b.location!.start.column);
        for (const m of undetected) {
            const { line, column } = m.location!.start;
            const replacement = m.replacement === undefined ? "" : ` => ${JSON.stringify(m.replacement).slice(0, 80)}`;
            lines.push(`${relative}:${line}:${column} ${m.status} ${m.mutatorName ?? "?"}${replacement} | ${(sourceLines[line - 1] ?? "").trim()}`);
        }
    }
    return lines;
}

export function scoresByTier(report: StrykerReport): Map<string, Tally> {
    const tallies = new Map<string, Tally>();
    for (const [file, { mutants }] of Object.entries(report.files)) {
        const relative = repoRelative(file);
        const tier = tierOf(relative) ?? "(no tier)";
        const tally = tallies.get(tier) ?? { files: new Set<string>(), detected: 0, survived: 0, noCoverage: 0 };
        tally.files.add(relative);
        for (const { status } of mutants) {
            if (DETECTED.has(status)) tally.detected++;
            else if (status === "Survived") tally.survived++;
            else if (UNDETECTED.has(status)) tally.noCoverage++;
        }
        tallies.set(tier, tally);
    }
    return tallies;
}

function percent(tally: Tally): string {
    const valid = tally.detected + tally.survived + tally.noCoverage;
    return valid === 0 ? "-" : `${((100 * tally.detected) / valid).toFixed(1)} %`;
}

type ReportMutant = StrykerReport["files"][string]["mutants"][number];

// The end belongs to the key: nested conditions (`a && b && c`) give mutants that start at one place
// with one mutator and replacement and differ only in where they end.
const mutantKey = (m: ReportMutant) => {
    const { start, end } = m.location ?? {};
    return `${start?.line}:${start?.column}-${end?.line}:${end?.column}:${m.mutatorName}:${m.replacement}`;
};

/**
 * One report from several runs over the same sources: a mutant measured again (same start and end,
 * mutator and replacement) takes its later result, so a run of a tier's static mutants alone
 * completes a run that was stopped before them.
 */
export function mergeReports(reports: readonly StrykerReport[]): StrykerReport {
    const files: Record<string, { source?: string; mutants: Map<string, ReportMutant> }> = {};
    for (const report of reports) {
        for (const [file, { source, mutants }] of Object.entries(report.files)) {
            const merged = (files[repoRelative(file)] ??= { source, mutants: new Map() });
            merged.source ??= source;
            for (const mutant of mutants) merged.mutants.set(mutantKey(mutant), mutant);
        }
    }
    return { files: Object.fromEntries(Object.entries(files).map(([file, { source, mutants }]) => [file, { source, mutants: [...mutants.values()] }])) };
}

/** What Stryker's event-recorder reporter wrote for one mutant (the fields read here). */
interface MutantEvent extends ReportMutant { fileName: string; static?: boolean }

function readEvents(directory: string, suffix: string): MutantEvent[] {
    return fs.readdirSync(directory)
        .filter((name) => name.endsWith(suffix))
        .sort()
        .map((name) => JSON.parse(fs.readFileSync(path.join(directory, name), "utf8")) as MutantEvent);
}

/**
 * The report of a run stopped partway, from the mutants its event-recorder reporter saw tested
 * (`reports/mutation/events`): Stryker writes its JSON report only at the end of a run.
 */
export function reportFromEvents(directory: string): StrykerReport {
    const files: StrykerReport["files"] = {};
    for (const { fileName, status, location, mutatorName, replacement } of readEvents(directory, "onMutantTested.json")) {
        (files[repoRelative(fileName)] ??= { mutants: [] }).mutants.push({ status, location, mutatorName, replacement });
    }
    return { files };
}

/**
 * Stryker `--mutate` ranges for the static mutants of a run's plan
 * (`onMutationTestingPlanReady.json`; module-level code, which every test must run again) that
 * `measured` has no result for. The plan counts lines and columns from 0, reports count both from
 * 1, and a range is `file:line:column-line:column` with lines from 1 and columns from 0. Only
 * one-line mutants are given: a range also takes every mutant inside it, and a mutant that spans
 * a whole schema would bring back all of its members.
 */
export function staticMutantRanges(plan: { mutantPlans: { mutant: MutantEvent }[] }, measured: StrykerReport = { files: {} }): string[] {
    const known = new Set(Object.entries(mergeReports([measured]).files).flatMap(([file, { mutants }]) => mutants.map((m) => `${file}@${mutantKey(m)}`)));
    const ranges = new Set<string>();
    for (const { mutant } of plan.mutantPlans) {
        const { start, end } = mutant.location ?? {};
        if (!mutant.static || !start || !end || end.line !== start.line) continue;
        const file = repoRelative(mutant.fileName);
        const inReport = { ...mutant, location: { start: { line: start.line + 1, column: start.column + 1 }, end: { line: end.line + 1, column: end.column + 1 } } };
        if (known.has(`${file}@${mutantKey(inReport)}`)) continue;
        ranges.add(`${file}:${start.line + 1}:${start.column}-${end.line + 1}:${end.column}`);
    }
    return [...ranges];
}

function readReports(reportFiles: string[]): StrykerReport {
    return mergeReports(reportFiles.map((file) =>
        fs.statSync(file).isDirectory() ? reportFromEvents(file) : (JSON.parse(fs.readFileSync(file, "utf8")) as StrykerReport)));
}

function printScores(reportFiles: string[]): void {
    const tallies = scoresByTier(readReports(reportFiles));
    console.log("| tier | files | mutants | detected | survived | no coverage | score |");
    console.log("|---|---|---|---|---|---|---|");
    for (const tier of [...Object.keys(TIERS), "(no tier)"]) {
        const tally = tallies.get(tier);
        if (!tally) {
            if (tier !== "(no tier)") console.log(`| ${tier} | not in the report | | | | | |`);
            continue;
        }
        const total = tally.detected + tally.survived + tally.noCoverage;
        console.log(`| ${tier} | ${tally.files.size} | ${total} | ${tally.detected} | ${tally.survived} | ${tally.noCoverage} | ${percent(tally)} |`);
    }
}

if (require.main === module) {
    const [command, ...rest] = process.argv.slice(2);
    const reports = (files: string[]) => (files.length ? files : [path.join(REPO_ROOT, "reports/mutation/mutation.json")]);
    try {
        if (command === "globs" && rest.length === 1) console.log(mutateGlobs(rest[0]));
        else if (command === "tests" && rest.length === 1) console.log(tierTestSpecs(rest[0]));
        else if (command === "scores") printScores(reports(rest));
        else if (command === "static-ranges" && rest.length >= 1) console.log(staticMutantRanges(JSON.parse(fs.readFileSync(rest[0], "utf8")) as Parameters<typeof staticMutantRanges>[0], readReports(rest.slice(1))).join(","));
        else if (command === "survivors" && rest.length >= 1) console.log(survivorLines(readReports(reports(rest.slice(1))), rest[0]).join("\n"));
        else throw new Error("usage: tsx review/mutation.ts globs <tier> | tests <tier> | scores [report ...] | survivors <tier> [report ...] | static-ranges <plan.json> [report ...]\n(a report is a JSON report or an event-recorder directory; later reports win per mutant)");
    } catch (error) {
        console.error((error as Error).message);
        process.exit(1);
    }
}
