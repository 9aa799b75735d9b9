// Where a cached stack build may be reused. Outside
// mutation testing: the whole process. Under Stryker's initial run, which measures which test runs
// which code (per-test coverage): one test, so each test that needs a build makes it and is
// credited with the code it ran. Under a mutant run: that mutant, across all its tests (the code is
// the same for all of them), and nothing of an earlier mutant is kept.
interface StrykerNamespace {
    readonly activeMutant?: string;
    readonly currentTestId?: string;
}

export function cacheScope(): string {
    const stryker = (globalThis as { __stryker__?: StrykerNamespace }).__stryker__;
    if (stryker === undefined) return "";
    return stryker.activeMutant !== undefined ? `mutant:${stryker.activeMutant}` : `test:${stryker.currentTestId ?? ""}`;
}

/** A cache that forgets everything when the scope changes (another test or mutant under Stryker). */
export class ScopedCache<V> {
    private scope = "";
    private readonly entries = new Map<string, V>();

    private sync(): void {
        const now = cacheScope();
        if (now !== this.scope) {
            this.entries.clear();
            this.scope = now;
        }
    }

    get(key: string): V | undefined {
        this.sync();
        return this.entries.get(key);
    }

    set(key: string, value: V): void {
        this.sync();
        this.entries.set(key, value);
    }

    delete(key: string): void {
        this.entries.delete(key);
    }
}
