// A resource's address in the state is its type, its name and its parent's. A changed address
// makes `pulumi up` replace the resource: for a secret, a new secret without its rotated value
// (and, in production, a protected one stops the update). So the children of every secrets
// component keep the names below, under that component; a rename must come with an alias.
import { expect } from "chai";
import { buildStack, BuiltStack, DeclaredResource } from "../../offline/build";

/** Per component type: each child's type and the part its name adds to the component's name. */
const CHILDREN: Record<string, readonly (readonly [type: string, part: string | RegExp])[]> = {
    "hse:secrets:PlatformSecret": [
        ["aws:secretsmanager/secret:Secret", "secret"],
        ["aws:secretsmanager/secretPolicy:SecretPolicy", "policy"],
        // A generated first value, or the value config supplies (New Relic).
        ["aws:secretsmanager/secretVersion:SecretVersion", /^(initial|value)$/],
    ],
    "hse:secrets:JwtSigningSecret": [
        ["random:index/randomPassword:RandomPassword", "first-value"],
        ["hse:secrets:PlatformSecret", "secret"],
        ["hse:secrets:RotationFunction", "rotation"],
    ],
    "hse:secrets:NewRelicSecret": [["hse:secrets:PlatformSecret", "secret"]],
    "hse:secrets:RotationFunction": [
        ["hse:shared:VpcFunction", "function"],
        ["aws:lambda/permission:Permission", "invoke"],
        ["aws:secretsmanager/secretRotation:SecretRotation", /^schedule-\d+$/],
    ],
    "hse:secrets:PostgresRotation": [
        ["aws:cloudwatch/logGroup:LogGroup", "logs"],
        ["aws:serverlessrepository/cloudFormationStack:CloudFormationStack", "application"],
        ["aws:secretsmanager/secretRotation:SecretRotation", "schedule"],
    ],
    "hse:secrets:SecretConnections": [
        ["hse:shared:VpcFunction", "function"],
        ["aws:lambda/invocation:Invocation", /^(postgres|timescale|timescale-admin|cache)$/],
    ],
    "hse:secrets:SecretChangeRedeploy": [
        ["hse:shared:VpcFunction", "function"],
        ["aws:cloudwatch/eventRule:EventRule", /^(postgres|timescale|newrelic)-changed$/],
        ["aws:lambda/permission:Permission", /^(postgres|timescale|newrelic)-invoke$/],
        ["aws:cloudwatch/eventTarget:EventTarget", /^(postgres|timescale|newrelic)-redeploy$/],
    ],
};

const fits = (part: string, expected: string | RegExp) => (typeof expected === "string" ? part === expected : expected.test(part));

describe("addresses of the secrets tier's resources", () => {
    let built: BuiltStack;
    before(async () => (built = await buildStack("staging")));

    const components = () => built.resources.filter((r) => CHILDREN[r.type] !== undefined);
    const describeChild = (parent: DeclaredResource, child: DeclaredResource) => `${child.type} ${child.name} under ${parent.name}`;

    it("name every child of a secrets component <component>-<part>, with a part its type allows", () => {
        const misnamed: string[] = [];
        for (const parent of components()) {
            for (const child of built.childrenOf(parent)) {
                const prefix = `${parent.name}-`;
                const part = child.name.startsWith(prefix) ? child.name.slice(prefix.length) : undefined;
                const allowed = CHILDREN[parent.type].some(([type, expected]) => type === child.type && part !== undefined && fits(part, expected));
                if (!allowed) misnamed.push(describeChild(parent, child));
            }
        }
        expect(misnamed).to.deep.equal([]);
    });

    it("keep every child each secrets component declares under that component", () => {
        const missing: string[] = [];
        for (const parent of components()) {
            const children = built.childrenOf(parent);
            for (const [type, expected] of CHILDREN[parent.type]) {
                const found = children.some((c) => c.type === type && fits(c.name.slice(parent.name.length + 1), expected));
                if (!found) missing.push(`${type} ${expected} under ${parent.name}`);
            }
        }
        expect(missing).to.deep.equal([]);
    });

    it("cover every secrets component type in the stack: each secret, rotation and redeploy", () => {
        const counts = Object.fromEntries(Object.keys(CHILDREN).map((type) => [type, components().filter((c) => c.type === type).length]));
        // Platform secrets: database app user, TimescaleDB admin, app and TLS key, cache, JWT, New Relic.
        // Rotation functions of ours: cache, JWT, TimescaleDB admin and app. SAR rotation: database app user.
        // One function writes the stack's connection fields into the rotated secrets.
        expect(counts).to.deep.equal({
            "hse:secrets:PlatformSecret": 7,
            "hse:secrets:JwtSigningSecret": 1,
            "hse:secrets:NewRelicSecret": 1,
            "hse:secrets:RotationFunction": 4,
            "hse:secrets:PostgresRotation": 1,
            "hse:secrets:SecretConnections": 1,
            "hse:secrets:SecretChangeRedeploy": 1,
        });
    });
});
