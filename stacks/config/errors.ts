import * as pulumi from "@pulumi/pulumi";

/** One thing wrong with the stack config: the full key (e.g. `hse-platform:network.vpcCidr`) and why. */
export interface ConfigProblem {
    readonly key: string;
    readonly message: string;
}

/**
 * Every problem of a stack's config at once. A RunError, so `pulumi up` prints the list
 * without a stack trace, before any resource is declared.
 */
export class ConfigValidationError extends pulumi.RunError {
    constructor(
        readonly stack: string,
        readonly problems: readonly ConfigProblem[],
    ) {
        super(
            [
                `Invalid configuration for stack "${stack}" (${problems.length} problem${problems.length === 1 ? "" : "s"}); nothing was deployed:`,
                ...problems.map((p) => `  - ${p.key}: ${p.message}`),
            ].join("\n"),
        );
        this.name = "ConfigValidationError";
    }
}
