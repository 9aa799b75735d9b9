// Runs the bootstrap project under the same mocks and recorder as the main program. It cannot go
// through offline/build.ts's buildProgram: that reads the stack files of the repository root
// (the hse-platform project), and the bootstrap is a project of its own in bootstrap/, with its
// own Pulumi.yaml, project name and stack files.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { BuiltStack } from "../../offline/built-stack";
import { PlatformMocks } from "../../offline/mocks";
import { DeclaredResource, recordRegistrations } from "../../offline/recorder";
import { readStackConfig, REPO_ROOT } from "../../offline/stack-file";
import { runBootstrap } from "../../bootstrap/program";

export const BOOTSTRAP_ROOT = path.join(REPO_ROOT, "bootstrap");

/** Builds one bootstrap stack from bootstrap/Pulumi.<stack>.yaml, config edited first if asked. */
export async function buildBootstrap(stack: string, editConfig?: (values: Record<string, string>) => void): Promise<BuiltStack> {
    const config = readStackConfig(stack, BOOTSTRAP_ROOT);
    editConfig?.(config.values);
    const region = config.values[`${config.project}:region`];
    const mocks = new PlatformMocks({
        region,
        accountId: config.values[`${config.project}:accountId`],
        availabilityZones: [`${region}a`],
        stackName: `organization/${config.project}/${config.stack}`,
    });
    await pulumi.runtime.setMocks(mocks, config.project, config.stack, false, "organization");
    const resources: DeclaredResource[] = [];
    const registrationErrors = recordRegistrations(resources);
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);
    // A program that throws (invalid config) is caught inside the stack and rethrown after the
    // engine has drained, as offline/build.ts does, so no rejection is left unhandled.
    let programError: unknown;
    const outputs = await pulumi.runtime.runInPulumiStack(() => {
        try {
            return Promise.resolve(runBootstrap());
        } catch (error) {
            programError = error;
            return Promise.resolve({});
        }
    });
    await pulumi.runtime.disconnect();
    const failure = programError ?? registrationErrors[0];
    if (failure !== undefined) throw failure instanceof Error ? failure : new Error(`the bootstrap program threw ${JSON.stringify(failure)}`);
    return new BuiltStack(config.stack, config, resources, outputs ?? {});
}
