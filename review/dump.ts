// `tsx review/dump.ts <out.json> <stack>...`: builds each stack of the checkout this file sits in
// and writes their snapshots (review/snapshot.ts: inputs with secrets masked, outputs, effective
// config) as JSON. review/ref-build.ts runs it in a child process inside an export of a git ref,
// with the current engine overlaid, so the ref's program builds in a process of its own.
// Imports only the engine and the snapshot: the rest of review/ may not exist in an old ref.
import * as fs from "fs";
import { buildStack } from "../offline/build";
import { stackNames } from "../offline/stack-file";
import { snapshotOf, StackSnapshot } from "./snapshot";

/** Per stack: its snapshot, or why there is none (no stack file at that ref, or a failed build). */
export type DumpEntry = { readonly snapshot: StackSnapshot } | { readonly absent: true } | { readonly error: string };

async function dump(stacks: readonly string[]): Promise<Record<string, DumpEntry>> {
    const known = new Set(stackNames());
    const result: Record<string, DumpEntry> = {};
    for (const stack of stacks) {
        if (!known.has(stack)) {
            result[stack] = { absent: true };
            continue;
        }
        try {
            result[stack] = { snapshot: snapshotOf(await buildStack(stack)) };
        } catch (error) {
            result[stack] = { error: error instanceof Error ? error.message : String(error) };
        }
    }
    return result;
}

if (require.main === module) {
    const [out, ...stacks] = process.argv.slice(2);
    dump(stacks).then(
        (result) => fs.writeFileSync(out, JSON.stringify(result)),
        (error: unknown) => {
            console.error(error);
            process.exitCode = 1;
        },
    );
}
