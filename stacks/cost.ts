// The `costEstimate` stack output: a stack transformation records, for every resource the
// program declares, only the inputs the estimate reads of its type (review/cost/catalog.ts),
// so no other input (and no secret) reaches the output; the estimate is computed from those.
import * as pulumi from "@pulumi/pulumi";
import { costInputsOf, PRICEABLE } from "../review/cost/catalog";
import { estimateCost } from "../review/cost/estimate";
import { UnknownRegionError } from "../review/cost/prices";
import { CostAssumptions, CostEstimate } from "../review/cost/types";

interface Collected {
    readonly type: string;
    readonly name: string;
    readonly inputs: pulumi.Output<Record<string, unknown>>;
    /** The URN of the provider named in the resource's options, for its region. */
    readonly providerUrn?: pulumi.Output<string>;
}

const PROVIDER_PREFIX = "pulumi:providers:";

/** What the output holds in a region the price table lacks: the deploy goes on, the review refuses. */
export interface CostEstimateUnavailable {
    readonly region: string;
    readonly unavailable: string;
}

export interface CostCollector {
    /** The estimate of everything declared so far, as an Output. */
    estimate(region: string, assumptions: CostAssumptions): pulumi.Output<CostEstimate | CostEstimateUnavailable>;
}

/**
 * A missing price table must not fail `pulumi up` of a stack in a new region: the estimate is a
 * report, not part of the platform. The output says why it is missing and the update warns.
 */
function estimateOrReason(resources: Parameters<typeof estimateCost>[0], region: string, assumptions: CostAssumptions): CostEstimate | CostEstimateUnavailable {
    try {
        return estimateCost(resources, region, assumptions);
    } catch (error) {
        if (!(error instanceof UnknownRegionError)) throw error;
        void pulumi.log.warn(`costEstimate: ${error.message}`);
        return { region, unavailable: error.message };
    }
}

/** Starts recording; call before the first resource of the stack is declared. */
export function collectCostInputs(): CostCollector {
    const collected: Collected[] = [];
    /** Provider name -> region, from the providers' own registrations (the program gives it as text). */
    const providerRegions = new Map<string, string>();
    pulumi.runtime.registerStackTransformation((args) => {
        const props = args.props as Record<string, unknown>;
        if (args.type.startsWith(PROVIDER_PREFIX) && typeof props.region === "string") providerRegions.set(args.name, props.region);
        const read = PRICEABLE[args.type]?.reads ?? [];
        const picked = Object.fromEntries(read.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
        const provider = args.opts.provider;
        collected.push({ type: args.type, name: args.name, inputs: pulumi.output(picked) as unknown as pulumi.Output<Record<string, unknown>>, providerUrn: provider?.urn });
        return undefined;
    });
    return {
        estimate: (region, assumptions) => {
            const snapshot = [...collected];
            const entries = snapshot.map((c) => pulumi.all([c.inputs, c.providerUrn ?? pulumi.output(undefined)]));
            return pulumi.all(entries).apply((resolved) => {
                const resources = snapshot.map((c, i) => {
                    const [inputs, providerUrn] = resolved[i];
                    const providerRegion = typeof providerUrn === "string" ? providerRegions.get(providerUrn.split("::").pop() ?? "") : undefined;
                    return {
                        type: c.type,
                        name: c.name,
                        inputs: costInputsOf(c.type, inputs),
                        ...(typeof providerRegion === "string" && providerRegion !== region ? { region: providerRegion } : {}),
                    };
                });
                return estimateOrReason(resources, region, assumptions);
            });
        },
    };
}
