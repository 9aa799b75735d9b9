// `npm run bench`: how long a stack takes to build under mocks (each stack file, and dev with 50
// services in config next to its 2, to show the time grows with the work and not with fixed
// overhead), the heap it leaves, and how long the whole test suite takes. Targets on this
// 2-core machine: under 3 s per stack, under 30 s for the suite. Exits non-zero when a target is
// missed. Timings never live in tests.
import { spawnSync } from "child_process";
import { performance } from "perf_hooks";
import { buildStack, BuildOptions } from "../offline/build";
import { REPO_ROOT, stackNames } from "../offline/stack-file";

const STACK_TARGET_MS = 3_000;
const SUITE_TARGET_MS = 30_000;
const STACK_RUNS = Number(process.env.BENCH_STACK_RUNS ?? 5);
const SUITE_RUNS = Number(process.env.BENCH_SUITE_RUNS ?? 3);
const MANY_SERVICES = 50;

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timeStack(stack: string, options: BuildOptions = {}): Promise<{ coldMs: number; medianMs: number; resources: number }> {
    const start = performance.now();
    const first = await buildStack(stack, options);
    const coldMs = performance.now() - start;
    const runs: number[] = [];
    for (let i = 0; i < STACK_RUNS; i++) {
        const t = performance.now();
        await buildStack(stack, options);
        runs.push(performance.now() - t);
    }
    return { coldMs, medianMs: median(runs), resources: first.resources.length };
}

/** dev's services plus copies of the monolith up to `count`, each behind the ALB on its own path. */
function withServices(count: number): BuildOptions {
    return {
        editConfig: (values) => {
            const services = JSON.parse(values["hse-platform:services"]) as Record<string, Record<string, unknown>>;
            const template = services.monolith;
            for (let i = Object.keys(services).length; i < count; i++) {
                const name = `svc${String(i).padStart(2, "0")}`;
                services[name] = { ...template, alb: { port: "http", paths: [`/${name}/*`] } };
            }
            values["hse-platform:services"] = JSON.stringify(services);
        },
    };
}

/** Times `npm test` itself (its script says how mocha runs: in parallel, with how many jobs). */
function timeSuite(): number[] {
    return Array.from({ length: SUITE_RUNS }, () => {
        const t = performance.now();
        const run = spawnSync("npm", ["test", "--silent", "--", "--reporter", "dot"], { cwd: REPO_ROOT, encoding: "utf8" });
        if (run.status !== 0) throw new Error(`the test suite failed during the benchmark:\n${run.stdout}\n${run.stderr}`);
        return performance.now() - t;
    });
}

async function main(): Promise<number> {
    const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    let missed = 0;
    const line = (label: string, r: { coldMs: number; medianMs: number; resources: number }, verdict: string) =>
        console.log(`  ${label.padEnd(22)} ${fmt(r.medianMs).padStart(8)} (cold ${fmt(r.coldMs)}, ${r.resources} resources, ${(r.medianMs / r.resources).toFixed(1)} ms per resource)  ${verdict}`);
    const report = (label: string, r: { coldMs: number; medianMs: number; resources: number }) => {
        const ok = r.medianMs < STACK_TARGET_MS;
        missed += ok ? 0 : 1;
        line(label, r, `target < ${fmt(STACK_TARGET_MS)}: ${ok ? "met" : "MISSED"}`);
        return r;
    };
    console.log(`Stack builds under mocks (median of ${STACK_RUNS} runs; cold = the first build in the process, which loads @pulumi/aws and bundles the functions):`);
    for (const stack of stackNames()) report(stack, await timeStack(stack));
    const two = await timeStack("dev");
    line("dev, 2 services", two, "(the stack file as it is)");
    // Growth with the work: per resource, 50 services may cost at most 1.5 times what 2 do.
    const many = await timeStack("dev", withServices(MANY_SERVICES));
    const linear = many.medianMs / many.resources <= 1.5 * (two.medianMs / two.resources);
    missed += linear ? 0 : 1;
    line(`dev, ${MANY_SERVICES} services`, many, `per resource within 1.5x of 2 services: ${linear ? "met" : "MISSED"}`);
    const perService = (many.medianMs - two.medianMs) / (MANY_SERVICES - 2);
    const resourcesPerService = (many.resources - two.resources) / (MANY_SERVICES - 2);
    console.log(`  each added service: ${perService.toFixed(0)} ms for ${resourcesPerService.toFixed(0)} resources; the 2-service build's fixed part is ${fmt(two.medianMs - 2 * perService)}`);
    console.log(`  heap in use after all builds: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);

    const suite = timeSuite();
    const ok = median(suite) < SUITE_TARGET_MS;
    missed += ok ? 0 : 1;
    console.log(`Whole test suite (npm test, median of ${SUITE_RUNS} runs): ${fmt(median(suite))} (runs: ${suite.map(fmt).join(", ")})  target < ${fmt(SUITE_TARGET_MS)}: ${ok ? "met" : "MISSED"}`);
    return missed === 0 ? 0 : 1;
}

main().then(
    (code) => {
        process.exitCode = code;
    },
    (error: unknown) => {
        console.error(error);
        process.exitCode = 2;
    },
);
