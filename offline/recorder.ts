// Records every resource the program registers with the (mock) engine: what `pulumi up` would
// be asked to create, with the options that matter for review (provider, protect, retain).
import * as pulumi from "@pulumi/pulumi";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

export interface DeclaredResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** URN of the parent; undefined only for the stack itself. */
    readonly parentUrn?: string;
    /** False for component resources. */
    readonly custom: boolean;
    /** "urn::id" of the provider the engine would use; empty when none was named. */
    readonly provider: string;
    /** Inputs as the engine receives them; secrets stay wrapped in Pulumi's secret marker. */
    readonly inputs: Record<string, any>;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly deleteBeforeReplace: boolean;
    /** Properties a later `pulumi up` leaves as they are in AWS (owned by rotation, say). */
    readonly ignoreChanges: readonly string[];
    /** URNs this resource depends on (dependsOn and inputs that come from other resources). */
    readonly dependencies: readonly string[];
    /** Earlier URNs it is declared under (aliases given as whole URNs): `pulumi up` moves the resource, it does not replace it. */
    readonly aliasUrns: readonly string[];
    /** The id the mocks gave the resource, known once the engine has answered. */
    id?: string;
    /** The state the mocks answered with (inputs plus synthesized id, name, arn and computed outputs). */
    outputs?: Record<string, any>;
    /** What a component (or the stack) registered as its outputs: what `pulumi stack` shows of it. */
    registeredOutputs?: Record<string, any>;
}

/** The slice of Pulumi's MockMonitor the recorder wraps. */
interface RecordableMonitor {
    newUrn(parent: string, type: string, name: string): string;
    registerResource(request: RegisterRequest, callback: RegisterCallback): Promise<void>;
    registerResourceOutputs(request: RegisterOutputsRequest, callback: (error: unknown, response?: unknown) => void): void;
}
interface RegisterOutputsRequest {
    getUrn(): string;
    getOutputs(): Parameters<typeof pulumi.runtime.deserializeProperties>[0] | undefined;
}
type RegisterCallback = (error: unknown, response?: RegisterResponse) => void;
interface ProtobufStruct {
    toJavaScript(): Record<string, unknown>;
}
interface RegisterResponse {
    getId(): string;
    getObject(): (Parameters<typeof pulumi.runtime.deserializeProperties>[0] & ProtobufStruct) | undefined;
    setObject(value: unknown): void;
}
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getObject(): Parameters<typeof pulumi.runtime.deserializeProperties>[0];
    getProtect(): boolean | undefined;
    getDependenciesList(): string[];
    getRetainondelete(): boolean | undefined;
    getDeletebeforereplace(): boolean | undefined;
    getIgnorechangesList(): string[];
    getAdditionalsecretoutputsList(): string[];
    /** Aliases as the engine receives them: whole URNs (the SDK resolves specs itself when the monitor takes no specs, as the mock monitor). */
    getAliasesList(): { getUrn(): string }[];
    getAliasurnsList(): string[];
}

/**
 * The engine marks a resource's `additionalSecretOutputs` secret (a random password's result,
 * say); Pulumi's mock monitor does not. Do it here, so secretness flows as it would for real and
 * the "no secret in plain text" tests are honest.
 */
function markSecretOutputs(response: RegisterResponse | undefined, names: readonly string[]): void {
    const state = response?.getObject();
    if (!response || !state || names.length === 0) return;
    const object = state.toJavaScript();
    for (const name of names.filter((n) => n in object && !pulumi.runtime.isRpcSecret(object[n]))) {
        object[name] = { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: object[name] };
    }
    response.setObject(Struct.fromJavaScript(object));
}

/**
 * An alias URN in the mock monitor's form: it qualifies a type by its parent's own type only
 * (MockMonitor.newUrn), where an alias built with pulumi.createUrn carries the whole chain.
 */
function asMockUrn(urn: string): string {
    const parts = urn.split("::");
    if (parts.length !== 4) return urn;
    parts[2] = parts[2].split("$").slice(-2).join("$");
    return parts.join("::");
}

/** Records every registration into `into`; returns the registration errors the engine would raise. */
export function recordRegistrations(into: DeclaredResource[]): Error[] {
    const errors: Error[] = [];
    const monitor = pulumi.runtime.getMonitor() as unknown as RecordableMonitor;
    const register = monitor.registerResource.bind(monitor);
    const seen = new Set(into.map((r) => r.urn));
    monitor.registerResource = (request, callback) => {
        const urn = monitor.newUrn(request.getParent(), request.getType(), request.getName());
        // The real engine refuses a second resource with the same URN; so must the tests.
        if (seen.has(urn)) {
            const error = new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
            errors.push(error);
            callback(error);
            return Promise.resolve();
        }
        seen.add(urn);
        const record: DeclaredResource = {
            urn,
            type: request.getType(),
            name: request.getName(),
            parentUrn: request.getParent() || undefined,
            custom: request.getCustom(),
            provider: request.getProvider(),
            inputs: pulumi.runtime.deserializeProperties(request.getObject()),
            protect: request.getProtect() ?? false,
            retainOnDelete: request.getRetainondelete() ?? false,
            deleteBeforeReplace: request.getDeletebeforereplace() ?? false,
            ignoreChanges: request.getIgnorechangesList(),
            dependencies: request.getDependenciesList(),
            aliasUrns: [...request.getAliasurnsList(), ...request.getAliasesList().map((alias) => alias.getUrn()).filter(Boolean)].map(asMockUrn),
        };
        into.push(record);
        return register(request, (error, response) => {
            markSecretOutputs(response, request.getAdditionalsecretoutputsList());
            record.id = response?.getId() || undefined;
            const state = response?.getObject();
            record.outputs = state ? pulumi.runtime.deserializeProperties(state) : undefined;
            callback(error, response);
        });
    };
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (request, callback) => {
        const record = into.find((r) => r.urn === request.getUrn());
        const outputs = request.getOutputs();
        if (record) record.registeredOutputs = outputs ? pulumi.runtime.deserializeProperties(outputs) : {};
        registerOutputs(request, callback);
    };
    return errors;
}
