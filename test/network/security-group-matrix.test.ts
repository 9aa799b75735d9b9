import { expect } from "chai";
import { GroupKey, MatrixArgs, RuleSpec, ruleName, securityGroupRules } from "../../components/network/security-group-matrix";

const seedArgs: MatrixArgs = {
    ports: { http: 8080, grpc: 50051, devicesTcp: 5000, postgres: 5432, timescale: 5432, redis: 6379 },
    albIngress: { source: "cidrs", cidrs: ["0.0.0.0/0"] },
    devicesIngressCidrs: ["0.0.0.0/0"],
    serviceInternetEgress: "all",
    // The seed's two services, with the stores their secrets name (Pulumi.<stack>.yaml).
    services: [
        { name: "monolith", stores: ["postgres", "cache"] },
        { name: "devices", stores: ["timescale", "cache"] },
    ],
};

/**
 * The ports `group` reaches on `store`: an egress rule of the one to the other and an ingress
 * rule of the other from the one, on the same port (a security group path needs both).
 */
function reachable(rules: readonly RuleSpec[], group: GroupKey, store: GroupKey): number[] {
    const out = rules.filter((r) => r.group === group && r.direction === "egress" && r.peer.kind === "group" && r.peer.group === store).map((r) => r.port);
    const accepted = rules.filter((r) => r.group === store && r.direction === "ingress" && r.peer.kind === "group" && r.peer.group === group).map((r) => r.port);
    return out.filter((port): port is number => port !== undefined && accepted.includes(port));
}
const STORES: GroupKey[] = ["database", "database-host", "redis"];
function storesReached(rules: readonly RuleSpec[], group: GroupKey): Record<string, number[]> {
    return Object.fromEntries(STORES.map((store) => [store, reachable(rules, group, store)]).filter(([, ports]) => ports.length > 0));
}

/** Every combination of the two switches that change the matrix's shape. */
const MODES: MatrixArgs[] = [
    seedArgs,
    { ...seedArgs, serviceInternetEgress: "https" },
    { ...seedArgs, albIngress: { source: "cloudfront" } },
    { ...seedArgs, albIngress: { source: "cloudfront" }, serviceInternetEgress: "https" },
    { ...seedArgs, serviceInternetEgress: "https", externalTimescalePort: 5432 },
    { ...seedArgs, serviceInternetEgress: "https", externalTimescalePort: 443 },
    { ...seedArgs, externalTimescalePort: 5432 },
];

/** "group direction port peer", as the seed's matrix (10.2.5) is read. */
function line(rule: RuleSpec): string {
    const peer = rule.peer.kind === "cidr" ? rule.peer.cidr : rule.peer.kind === "group" ? rule.peer.group : "cloudfront";
    return `${rule.group} ${rule.direction} ${rule.port ?? "all"} ${peer}`;
}

describe("security-group matrix (pure)", () => {
    it("gives every rule a description and a unique name", () => {
        for (const args of MODES) {
            const rules = securityGroupRules(args);
            const names = rules.map((r) => ruleName("hse-dev", r));
            expect(new Set(names).size).to.equal(names.length);
            for (const rule of rules) expect(rule.description, line(rule)).to.be.a("string").and.not.empty;
        }
    });

    it("says which way each rule of the seed's matrix goes", () => {
        // Seed 10.2.5 plus the NLB path, the data functions and the database host, in the order
        // the matrix declares them (security-groups.test.ts checks the same rules as resources).
        expect(securityGroupRules(seedArgs).map(line)).to.deep.equal([
            "alb ingress 443 0.0.0.0/0",
            "alb ingress 80 0.0.0.0/0",
            "alb egress 8080 services",
            "nlb ingress 5000 0.0.0.0/0",
            "nlb egress 5000 services",
            "nlb egress 8080 services",
            "services ingress 8080 alb",
            "services ingress 50051 services",
            "services ingress 5000 nlb",
            "services ingress 8080 nlb",
            "services egress 50051 services",
            "services egress all 0.0.0.0/0",
            "service-monolith egress 5432 database",
            "database ingress 5432 service-monolith",
            "service-monolith egress 6379 redis",
            "redis ingress 6379 service-monolith",
            "service-devices egress 5432 database-host",
            "database-host ingress 5432 service-devices",
            "service-devices egress 6379 redis",
            "redis ingress 6379 service-devices",
            "database ingress 5432 data-functions",
            "database-host ingress 5432 data-functions",
            "redis ingress 6379 data-functions",
            "data-functions egress 5432 database",
            "data-functions egress 5432 database-host",
            "data-functions egress 6379 redis",
            "data-functions egress 443 0.0.0.0/0",
            "database-host egress 443 0.0.0.0/0",
            "database-host egress 80 0.0.0.0/0",
        ]);
    });

    it("lets the services reach the internet on all traffic (the seed) or on HTTPS only, saying which", () => {
        const internet = (args: MatrixArgs) => securityGroupRules(args).filter((r) => r.group === "services" && r.peer.kind === "cidr");
        expect(internet(seedArgs)).to.deep.equal([
            { group: "services", direction: "egress", peer: { kind: "cidr", cidr: "0.0.0.0/0" }, description: "All traffic to the internet (through NAT or endpoints)" },
        ]);
        expect(internet({ ...seedArgs, serviceInternetEgress: "https" })).to.deep.equal([
            { group: "services", direction: "egress", port: 443, peer: { kind: "cidr", cidr: "0.0.0.0/0" }, description: "HTTPS to the VPC endpoints, AWS APIs and the internet" },
        ]);
    });

    it("opens an external TimescaleDB's port to the internet to its readers only in https mode, and nothing more in all mode or on 443", () => {
        const internet = (args: MatrixArgs) => securityGroupRules(args).filter((r) => r.group !== "data-functions" && r.group !== "database-host" && r.peer.kind === "cidr" && r.direction === "egress").map(line);
        expect(internet({ ...seedArgs, serviceInternetEgress: "https", externalTimescalePort: 5432 })).to.deep.equal(["services egress 443 0.0.0.0/0", "service-devices egress 5432 0.0.0.0/0"]);
        expect(internet({ ...seedArgs, serviceInternetEgress: "https", externalTimescalePort: 443 })).to.deep.equal(["services egress 443 0.0.0.0/0"]);
        expect(internet({ ...seedArgs, externalTimescalePort: 5432 })).to.deep.equal(["services egress all 0.0.0.0/0"]);
        const external = securityGroupRules({ ...seedArgs, serviceInternetEgress: "https", externalTimescalePort: 6543 }).find((r) => r.port === 6543);
        expect(external?.description).to.equal("TimescaleDB 6543 to the external (managed) TimescaleDB service (devices reads its secret)");
    });

    it("opens nothing on the TimescaleDB host's group when TimescaleDB is external: there is no host", () => {
        const rules = securityGroupRules({ ...seedArgs, serviceInternetEgress: "https", externalTimescalePort: 6543 });
        expect(rules.filter((r) => r.group === "database-host" && r.direction === "ingress")).to.deep.equal([]);
        expect(rules.filter((r) => r.peer.kind === "group" && r.peer.group === "database-host")).to.deep.equal([]);
    });

    it("lets each service reach only the stores whose secrets it reads, RDS and TimescaleDB apart on the same port", () => {
        const rules = securityGroupRules(seedArgs);
        expect(storesReached(rules, "service-monolith")).to.deep.equal({ database: [5432], redis: [6379] });
        expect(storesReached(rules, "service-devices")).to.deep.equal({ "database-host": [5432], redis: [6379] });
        // The shared group reaches no store: a service is only as open as its own group.
        expect(storesReached(rules, "services")).to.deep.equal({});
    });

    it("gives a service that reads no data secret a group that reaches no store and no rule at all", () => {
        const rules = securityGroupRules({ ...seedArgs, services: [...seedArgs.services, { name: "reports", stores: [] }] });
        expect(storesReached(rules, "service-reports")).to.deep.equal({});
        expect(rules.filter((r) => r.group === "service-reports" || (r.peer.kind === "group" && r.peer.group === "service-reports"))).to.deep.equal([]);
    });

    it("opens exactly the store of a secret a service is given, and keeps the data functions' access", () => {
        const before = securityGroupRules(seedArgs);
        const after = securityGroupRules({ ...seedArgs, services: [{ name: "monolith", stores: ["postgres", "timescale", "cache"] }, seedArgs.services[1]] });
        expect(after.filter((r) => !before.some((b) => line(b) === line(r))).map(line)).to.deep.equal([
            "service-monolith egress 5432 database-host",
            "database-host ingress 5432 service-monolith",
        ]);
        expect(before.filter((b) => !after.some((r) => line(b) === line(r)))).to.deep.equal([]);
        for (const args of [seedArgs, { ...seedArgs, services: [] }]) {
            expect(storesReached(securityGroupRules(args), "data-functions")).to.deep.equal({ database: [5432], "database-host": [5432], redis: [6379] });
        }
    });

    it("opens only 443 from the CloudFront prefix list in cloudfront mode (its weight is 55 rules)", () => {
        const alb = securityGroupRules({ ...seedArgs, albIngress: { source: "cloudfront" } }).filter((r) => r.group === "alb" && r.direction === "ingress");
        expect(alb).to.deep.equal([{ group: "alb", direction: "ingress", port: 443, peer: { kind: "cloudfront" }, description: "HTTPS from CloudFront origin-facing servers" }]);
    });

    it("opens 443 and 80 from each configured CIDR", () => {
        const alb = securityGroupRules({ ...seedArgs, albIngress: { source: "cidrs", cidrs: ["203.0.113.0/24", "198.51.100.0/24"] } })
            .filter((r) => r.group === "alb" && r.direction === "ingress")
            .map((r) => `${r.port} ${r.peer.kind === "cidr" ? r.peer.cidr : "?"}`);
        expect(alb).to.have.members(["443 203.0.113.0/24", "80 203.0.113.0/24", "443 198.51.100.0/24", "80 198.51.100.0/24"]);
    });

    it("limits service egress to the internet to TCP 443 in https mode", () => {
        const internet = securityGroupRules({ ...seedArgs, serviceInternetEgress: "https" }).filter(
            (r) => r.group === "services" && r.direction === "egress" && r.peer.kind === "cidr",
        );
        expect(internet.map((r) => r.port)).to.deep.equal([443]);
    });

    it("follows configured ports", () => {
        const rules = securityGroupRules({ ...seedArgs, ports: { ...seedArgs.ports, devicesTcp: 7000, postgres: 6432, timescale: 6432 } });
        expect(rules.filter((r) => r.group === "nlb").map((r) => r.port)).to.deep.equal([7000, 7000, 8080]);
        expect(rules.filter((r) => r.group === "database").map((r) => r.port)).to.deep.equal([6432, 6432]);
        const apart = securityGroupRules({ ...seedArgs, ports: { ...seedArgs.ports, timescale: 6543 } });
        expect(apart.filter((r) => r.group === "database").map((r) => r.port)).to.deep.equal([5432, 5432]);
        expect(apart.filter((r) => r.group === "database-host" && r.direction === "ingress").map((r) => r.port)).to.deep.equal([6543, 6543]);
        expect(storesReached(apart, "service-devices")).to.deep.equal({ "database-host": [6543], redis: [6379] });
    });

    it("names a rule by its identity, not its position", () => {
        const rule = securityGroupRules(seedArgs).find((r) => r.group === "alb" && r.port === 443)!;
        expect(ruleName("hse-dev", rule)).to.equal("hse-dev-alb-in-443-0-0-0-0-0");
    });

    it("names a rule by its peer of each kind: a CIDR, a group, or CloudFront; and all traffic as all", () => {
        const rules = securityGroupRules({ ...seedArgs, albIngress: { source: "cloudfront" } });
        const named = (group: string, direction: string, port: number | undefined) =>
            rules.filter((r) => r.group === group && r.direction === direction && r.port === port).map((r) => ruleName("hse-staging", r));
        expect(named("alb", "ingress", 443)).to.deep.equal(["hse-staging-alb-in-443-cloudfront"]);
        expect(named("service-monolith", "egress", 5432)).to.deep.equal(["hse-staging-service-monolith-out-5432-database"]);
        expect(named("database", "ingress", 5432)).to.deep.equal(["hse-staging-database-in-5432-service-monolith", "hse-staging-database-in-5432-data-functions"]);
        expect(named("services", "egress", undefined)).to.deep.equal(["hse-staging-services-out-all-0-0-0-0-0"]);
        expect(named("nlb", "ingress", 5000)).to.deep.equal(["hse-staging-nlb-in-5000-0-0-0-0-0"]);
    });
});
