// Temporary directories of the tests, removed when the test process exits: a mutation run goes
// through the suite thousands of times, and directories left behind would pile up in /tmp. A
// process that is killed (Stryker ends its test runners so) leaves the ones it made.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// One list and one exit listener per process, however often a test runner reloads this module.
const REGISTRY = Symbol.for("hse.test.tempDirs");
type Holder = { [REGISTRY]?: string[] };

function registry(): string[] {
    const holder = globalThis as Holder;
    if (!holder[REGISTRY]) {
        const made: string[] = [];
        process.on("exit", () => {
            for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
        });
        holder[REGISTRY] = made;
    }
    return holder[REGISTRY];
}

/** A new empty directory under the system's temporary folder, named hse-<purpose>-XXXXXX. */
export function tempDir(purpose: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hse-${purpose}-`));
    registry().push(dir);
    return dir;
}
