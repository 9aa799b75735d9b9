// Root hook plugin for Stryker's per-test coverage, loaded through .mocharc.json "require" (so by
// `mocha` and by Stryker's mocha runner alike). Outside Stryker (no __stryker__ global) and during
// Stryker's mutant runs (activeMutant set) every hook here does nothing.
//
// Stryker's mocha runner sets __stryker__.currentTestId in a root beforeEach and never clears it,
// so code run in a later suite's before() hook (our suites build whole stacks there) is credited to
// whichever test ran last, and a mutant in that code is then tested against that unrelated test
// only: a false survivor. Here each stretch between two tests gets its own coverage id, and at the
// end of the initial run that coverage is credited to every test of the suites entered in that
// stretch (plus the test just before it, for after() hooks). Code run before the first test is
// credited to every test; anything left over (after the last test) becomes "static" coverage.
import type { Context, RootHookObject, Suite, Test } from "mocha";

type Hits = Record<string, number>;
interface StrykerNamespace {
    activeMutant?: string;
    currentTestId?: string;
    mutantCoverage?: { static: Hits; perTest: Record<string, Hits> };
}
interface Gap {
    readonly id: string;
    readonly previous?: Test;
    next?: Test;
}

const GAP_PREFIX = "stryker-hooks:between-tests:";
let gaps: Gap[] = [];
let open: Gap | undefined;

/** Stryker's namespace, during its initial (coverage-measuring) run only. */
function coverageRun(): StrykerNamespace | undefined {
    const ns = (globalThis as { __stryker__?: StrykerNamespace }).__stryker__;
    return ns !== undefined && ns.activeMutant === undefined ? ns : undefined;
}

function openGap(ns: StrykerNamespace, previous?: Test): void {
    open = { id: `${GAP_PREFIX}${gaps.length}`, previous };
    gaps.push(open);
    ns.currentTestId = open.id;
}

function ancestors(test: Test | undefined): Set<Suite> {
    const found = new Set<Suite>();
    for (let suite = test?.parent; suite; suite = suite.parent) found.add(suite);
    return found;
}

function testsIn(suite: Suite): string[] {
    return [...suite.tests.map((t) => t.fullTitle()), ...suite.suites.flatMap(testsIn)];
}

function add(into: Hits, hits: Hits): void {
    for (const [mutant, count] of Object.entries(hits)) into[mutant] = (into[mutant] ?? 0) + count;
}

export const mochaHooks: RootHookObject = {
    beforeAll(): void {
        const ns = coverageRun();
        if (!ns) return;
        gaps = [];
        openGap(ns);
    },
    // Runs before Stryker's own root beforeEach, which then sets the test's id.
    beforeEach(this: Context): void {
        if (open) open.next = this.currentTest;
        open = undefined;
    },
    afterEach(this: Context): void {
        const ns = coverageRun();
        if (ns) openGap(ns, this.currentTest);
    },
    afterAll(): void {
        const ns = coverageRun();
        if (!ns) return;
        open = undefined;
        ns.currentTestId = undefined;
        const coverage = ns.mutantCoverage;
        if (!coverage) return;
        for (const gap of gaps) {
            const hits = coverage.perTest[gap.id];
            delete coverage.perTest[gap.id];
            if (!hits) continue;
            if (!gap.next) {
                add(coverage.static, hits);
                continue;
            }
            const before = ancestors(gap.previous);
            const targets = new Set<string>(gap.previous ? [gap.previous.fullTitle()] : []);
            for (const suite of ancestors(gap.next)) {
                if (!before.has(suite)) for (const title of testsIn(suite)) targets.add(title);
            }
            targets.add(gap.next.fullTitle());
            for (const title of targets) add((coverage.perTest[title] ??= {}), hits);
        }
        gaps = [];
    },
};
