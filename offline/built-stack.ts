// Read-only questions about what a build declared: by type, by name, by id, and scoped to one
// component's subtree, so a tier's tests never pick a resource from another tier by accident.
import { MissingSecret } from "./secret-stand-ins";
import { StackConfig } from "./stack-file";
import { DeclaredResource } from "./recorder";

export class ResourceSet {
    constructor(
        /** The resources of this set (a whole stack, or one component's subtree). */
        readonly resources: readonly DeclaredResource[],
        /** Every resource of the build, for lookups by id or URN across tiers. */
        protected readonly all: readonly DeclaredResource[] = resources,
    ) {}

    ofType(type: string): DeclaredResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The one resource of `type` in this set; throws when there are none or several. */
    one(type: string): DeclaredResource {
        const found = this.ofType(type);
        if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
        return found[0];
    }

    named(name: string, type?: string): DeclaredResource {
        const found = this.resources.filter((r) => r.name === name && (type === undefined || r.type === type));
        if (found.length !== 1) {
            throw new Error(`expected one resource named ${name}${type ? ` of type ${type}` : ""}, found ${found.length}`);
        }
        return found[0];
    }

    byUrn(urn: string): DeclaredResource | undefined {
        return this.all.find((r) => r.urn === urn);
    }

    /** The resource the mocks gave this id (ids are what resource inputs refer to), anywhere in the build. */
    byId(id: string): DeclaredResource {
        const found = this.all.find((r) => r.id === id);
        if (!found) throw new Error(`no declared resource has id ${id}`);
        return found;
    }

    childrenOf(parent: DeclaredResource): DeclaredResource[] {
        return this.all.filter((r) => r.parentUrn === parent.urn);
    }

    /** Every resource under the component named `name` (not the component itself). */
    subtree(name: string): ResourceSet {
        const components = this.resources.filter((r) => r.name === name && !r.custom);
        if (components.length !== 1) throw new Error(`expected one component named ${name}, found ${components.length}`);
        const inside = new Set([components[0].urn]);
        // Parents are registered before their children, so one pass in order finds every descendant.
        const members = this.all.filter((r) => {
            if (r.parentUrn !== undefined && inside.has(r.parentUrn)) {
                inside.add(r.urn);
                return true;
            }
            return false;
        });
        return new ResourceSet(members, this.all);
    }
}

export class BuiltStack extends ResourceSet {
    constructor(
        readonly stack: string,
        readonly config: StackConfig,
        resources: readonly DeclaredResource[],
        readonly outputs: Record<string, any>,
        /** Required secret keys the stack file lacks, which the engine stood in for: `pulumi up` would refuse them. */
        readonly missingSecrets: readonly MissingSecret[] = [],
    ) {
        super(resources);
    }
}
