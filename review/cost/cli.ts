// `npm run cost -- <stack> [--markdown]`: the monthly cost estimate of a stack, offline. Builds
// the stack from Pulumi.<stack>.yaml with the offline engine and prices its declared resources.
import { buildStack, BuiltStack } from "../../offline/build";
import { StackFileError, stackNames } from "../../offline/stack-file";
import { ConfigValidationError } from "../../stacks/config/errors";
import { loadPlatformConfig } from "../../stacks/config/load";
import { estimateCost } from "./estimate";
import { UnknownRegionError } from "./prices";
import { costResourcesOf } from "./recorded";
import { renderCostMarkdown, renderCostText } from "./render";
import { CostEstimate } from "./types";
import { runAsProgram } from "../command";

/** The estimate the review computes from a recorded build, with the stack's own assumptions. */
export function estimateBuiltStack(built: BuiltStack): CostEstimate {
    const config = loadPlatformConfig(built.config);
    return estimateCost(costResourcesOf(built, config.region), config.region, config.cost.assumptions);
}

export interface CostRun {
    readonly exitCode: number;
    readonly text: string;
}

const USAGE = () => `usage: npm run cost -- <stack> [--markdown]; stacks: ${stackNames().join(", ")}`;

export async function runCost(args: readonly string[]): Promise<CostRun> {
    const flags = args.filter((a) => a.startsWith("--"));
    const positional = args.filter((a) => !a.startsWith("--"));
    const unknown = flags.filter((f) => f !== "--markdown");
    if (unknown.length > 0) return { exitCode: 2, text: `unknown flag ${unknown.join(", ")}: only --markdown is allowed; ${USAGE()}` };
    if (positional.length !== 1) return { exitCode: 2, text: USAGE() };
    const stack = positional[0];
    try {
        const estimate = estimateBuiltStack(await buildStack(stack));
        return { exitCode: 0, text: flags.includes("--markdown") ? renderCostMarkdown(estimate, stack) : renderCostText(estimate, stack) };
    } catch (error) {
        if (error instanceof StackFileError || error instanceof ConfigValidationError || error instanceof UnknownRegionError) return { exitCode: 1, text: error.message };
        throw error;
    }
}

if (require.main === module) runAsProgram(runCost);
