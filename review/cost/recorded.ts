// The estimator's view of a recorded build (the offline engine's declared resources): each
// resource's type, name, the inputs the estimate reads, and its provider's region.
import { BuiltStack, DeclaredResource } from "../../offline/build";
import { costInputsOf } from "./catalog";
import { CostResource } from "./types";

/** The region of the provider a resource was declared with ("urn::id"), if it names one. */
function regionOf(resource: DeclaredResource, providers: ReadonlyMap<string, DeclaredResource>): string | undefined {
    const urn = resource.provider.split("::").slice(0, -1).join("::");
    const region: unknown = providers.get(urn)?.inputs.region;
    return typeof region === "string" ? region : undefined;
}

export function costResourcesOf(built: BuiltStack, stackRegion: string): CostResource[] {
    const providers = new Map(built.resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, r]));
    return built.resources.map((r) => {
        const region = regionOf(r, providers);
        return { type: r.type, name: r.name, inputs: costInputsOf(r.type, r.inputs), ...(region && region !== stackRegion ? { region } : {}) };
    });
}
