import { expect } from "chai";
import { BuiltStack, buildStack, DeclaredResource } from "../../offline/build";
import { Edit, editSection } from "../config/edit";
import { T } from "./queries";

// Decision 0039: each service reaches only the data stores whose secrets it reads. Walked on
// the built stack from the ECS service's groups to the groups the data stores wear, so a store
// that wore a shared group again, or a rule that named the shared group, would show here.

const STORE_TYPES = {
    postgres: "aws:rds/instance:Instance",
    timescale: "aws:ec2/networkInterface:NetworkInterface",
    cache: "aws:elasticache/replicationGroup:ReplicationGroup",
} as const;
type Store = keyof typeof STORE_TYPES;

/** The groups a data store wears, by the input its type names them in. */
function storeGroups(built: BuiltStack, store: Store): string[] {
    const resources = built.ofType(STORE_TYPES[store]).filter((r) => store !== "timescale" || r.name.includes("timescale"));
    expect(resources, store).to.have.length(1);
    const inputs = resources[0].inputs;
    return (inputs.vpcSecurityGroupIds ?? inputs.securityGroups ?? inputs.securityGroupIds) as string[];
}

function ecsService(built: BuiltStack, stack: string, service: string): DeclaredResource {
    return built.ofType("aws:ecs/service:Service").find((s) => s.inputs.name === `hse-${stack}-${service}`)!;
}

/**
 * The ports on which `from` (groups) reaches `to` (groups): an egress rule of one of the first
 * to one of the second, and an ingress rule of that one from the first, on the same port.
 */
function portsReached(built: BuiltStack, from: readonly string[], to: readonly string[]): number[] {
    const rules = (type: string, own: readonly string[], peer: readonly string[]) =>
        built.ofType(type).filter((r) => own.includes(r.inputs.securityGroupId) && peer.includes(r.inputs.referencedSecurityGroupId));
    const out = rules(T.egress, from, to).map((r) => `${r.inputs.securityGroupId} ${r.inputs.referencedSecurityGroupId} ${r.inputs.fromPort}`);
    const accepted = rules(T.ingress, to, from).map((r) => `${r.inputs.referencedSecurityGroupId} ${r.inputs.securityGroupId} ${r.inputs.fromPort}`);
    return [...new Set(out.filter((o) => accepted.includes(o)).map((o) => Number(o.split(" ")[2])))].sort();
}

/** Per data store: the ports a service reaches it on (stores it cannot reach are left out). */
function storesReachedBy(built: BuiltStack, stack: string, service: string): Record<string, number[]> {
    const groups = ecsService(built, stack, service).inputs.networkConfiguration.securityGroups as string[];
    return Object.fromEntries(
        (Object.keys(STORE_TYPES) as Store[]).map((store) => [store, portsReached(built, groups, storeGroups(built, store))]).filter(([, ports]) => ports.length > 0),
    );
}

/** A service of config, by a copy of the monolith's settings without a load balancer, reading only `secrets`. */
function addService(name: string, secrets: Record<string, string>): Edit {
    return editSection("services", (services) => {
        const settings = { ...services.monolith, secrets };
        for (const key of ["alb", "nlb", "serviceConnect"]) delete settings[key];
        services[name] = settings;
    });
}

for (const stack of ["dev", "staging", "production"]) {
    describe(`data stores each service of ${stack} reaches`, () => {
        let built: BuiltStack;
        before(async () => {
            built = await buildStack(stack);
        });

        it("the monolith reaches RDS and the cache, the devices service TimescaleDB and the cache", () => {
            expect(storesReachedBy(built, stack, "monolith")).to.deep.equal({ postgres: [5432], cache: [6379] });
            expect(storesReachedBy(built, stack, "devices")).to.deep.equal({ timescale: [5432], cache: [6379] });
        });

        it("puts each service in the shared group and its own, and no store in a group another store wears", () => {
            const groups = (service: string) => ecsService(built, stack, service).inputs.networkConfiguration.securityGroups as string[];
            const [monolith, devices] = [groups("monolith"), groups("devices")];
            expect(monolith).to.have.length(2);
            expect(monolith[0]).to.equal(devices[0]);
            expect(monolith[1]).to.not.equal(devices[1]);
            const worn = (Object.keys(STORE_TYPES) as Store[]).flatMap((store) => storeGroups(built, store));
            expect(new Set(worn).size).to.equal(worn.length);
        });

        it("lets the data tier's functions reach every store they rotate", () => {
            const functions = built.ofType("aws:lambda/function:Function").filter((f) => f.inputs.vpcConfig !== undefined);
            expect(functions).to.not.be.empty;
            const groups = functions[0].inputs.vpcConfig.securityGroupIds as string[];
            for (const f of functions) expect(f.inputs.vpcConfig.securityGroupIds, f.name).to.deep.equal(groups);
            expect(Object.fromEntries((Object.keys(STORE_TYPES) as Store[]).map((store) => [store, portsReached(built, groups, storeGroups(built, store))]))).to.deep.equal({
                postgres: [5432], timescale: [5432], cache: [6379],
            });
        });
    });
}

describe("data stores a service added by config reaches", () => {
    it("none, when it reads no data secret", async () => {
        const built = await buildStack("staging", { editConfig: addService("reports", { JWT_SECRET: "jwt.secret" }) });
        expect(storesReachedBy(built, "staging", "reports")).to.deep.equal({});
        expect(storesReachedBy(built, "staging", "monolith")).to.deep.equal({ postgres: [5432], cache: [6379] });
    });

    it("exactly the store of a secret it is given", async () => {
        const built = await buildStack("staging", { editConfig: addService("reports", { TIMESCALE_PASSWORD: "timescale.password", JWT_SECRET: "jwt.secret" }) });
        expect(storesReachedBy(built, "staging", "reports")).to.deep.equal({ timescale: [5432] });
    });
});

describe("data stores a service reaches after a config edit", () => {
    it("opens TimescaleDB to the monolith when it reads the timescale secret, and changes nothing else", async () => {
        const built = await buildStack("production", {
            editConfig: editSection("services", (services) => { services.monolith.secrets.TIMESCALE_PASSWORD = "timescale.password"; }),
        });
        expect(storesReachedBy(built, "production", "monolith")).to.deep.equal({ postgres: [5432], timescale: [5432], cache: [6379] });
        expect(storesReachedBy(built, "production", "devices")).to.deep.equal({ timescale: [5432], cache: [6379] });
    });

    it("closes the cache to the devices service when it stops reading the cache secret", async () => {
        const built = await buildStack("production", {
            editConfig: editSection("services", (services) => {
                for (const [variable, reference] of Object.entries(services.devices.secrets as Record<string, string>)) {
                    if (reference.startsWith("cache.")) delete services.devices.secrets[variable];
                }
            }),
        });
        expect(storesReachedBy(built, "production", "devices")).to.deep.equal({ timescale: [5432] });
    });
});
