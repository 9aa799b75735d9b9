// `npm run review`: the command line, the review of one stack, of one stack against another and
// of every stack, as text and as Markdown.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { runReview } from "../../review/review";
import { tempDir } from "../support/temp-dir";

/** The stand-in the engine uses for production's missing licence key: no review may print it. */
const STAND_IN = "0000000000000000000000000000000000000000";

describe("review: command line", () => {
    it("--help prints the usage with every flag, exit 0", async () => {
        const result = await runReview(["--help"]);
        expect(result.exitCode).to.equal(0);
        for (const flag of ["--against", "--base", "--all", "--format", "--out", "--help"]) expect(result.text).to.include(flag);
    });

    it("refuses an unknown flag with exit 2, naming it and the flags allowed", async () => {
        const result = await runReview(["dev", "--bogus"]);
        expect(result.exitCode).to.equal(2);
        expect(result.text).to.match(/unknown flag --bogus; allowed: --against <stack>, --base <git-ref>, --all/);
    });

    it("refuses an unknown stack, also after --against, with exit 2, naming the stacks", async () => {
        for (const argv of [["qa"], ["dev", "--against", "qa"]]) {
            const result = await runReview(argv);
            expect(result.exitCode, argv.join(" ")).to.equal(2);
            expect(result.text).to.match(/unknown stack "qa"; stacks: dev, production, staging/);
        }
    });

    it("refuses a format it does not know, a missing stack, and --against with --base, with exit 2", async () => {
        const cases: [string[], RegExp][] = [
            [["dev", "--format", "html"], /--format html: allowed: text, markdown/],
            [[], /name a stack \(dev, production, staging\) or pass --all/],
            [["dev", "--against", "staging", "--base", "HEAD"], /--against and --base cannot be combined/],
            [["dev", "--against"], /--against needs a value/],
            [["--all", "dev"], /--all reviews every stack/],
        ];
        for (const [argv, message] of cases) {
            const result = await runReview(argv);
            expect([result.exitCode, result.text], argv.join(" ")).to.satisfy(([code, text]: [number, string]) => code === 2 && message.test(text));
        }
    });
});

describe("review: stacks", function () {
    this.timeout(300_000);

    // First, so that it builds all three stacks itself: builds run one at a time in a process.
    it("--all --format markdown: every stack's effective config in one table", async () => {
        const { exitCode, text } = await runReview(["--all", "--format", "markdown"]);
        expect(exitCode).to.equal(0);
        expect(text).to.include("| key | dev | staging | production |");
        expect(text).to.match(/^\| `postgres\.instanceClass` \| `db\.t4g\.micro` \| `db\.t4g\.medium` \| `db\.r6g\.xlarge` \|$/m);
    });

    it("production: header, resources by tier with flags, when changes take effect, effective config with secrets masked", async () => {
        const { exitCode, text } = await runReview(["production"]);
        expect(exitCode).to.equal(0);
        expect(text).to.include("built: offline, under mocks, no account");
        expect(text).to.include("region: us-east-1");
        expect(text).to.match(/Warning: hse-platform:newRelicLicenseKey is not set/);
        expect(text).to.match(/^data: \d+ resource\(s\):$/m);
        expect(text).to.match(/aws:rds\/instance:Instance +hse-production-postgres-instance {2}\[protected, retained on delete\]/);
        expect(text).to.match(/hse-production-postgres: RDS modifications wait for the maintenance window/);
        expect(text).to.match(/^postgres\.instanceClass +db\.r6g\.xlarge$/m);
        expect(text).to.match(/^postgres\.schema +app$/m); // a default, not in the stack file
        expect(text).to.match(/^secretValues\.newRelicLicenseKey +\[secret\]$/m);
        expect(text).to.not.include(STAND_IN);
    });

    it("--format markdown --out writes headings, tables and folded lists to the file", async () => {
        const out = path.join(tempDir("review"), "review.md");
        const result = await runReview(["production", "--format", "markdown", "--out", out]);
        expect(result).to.deep.equal({ exitCode: 0, text: `review written to ${out}` });
        const markdown = fs.readFileSync(out, "utf8");
        expect(markdown).to.match(/^### Effective configuration \(defaults applied\)$/m);
        expect(markdown).to.include("| key | value |\n|---|---|\n");
        expect(markdown).to.match(/^\| `postgres\.multiAz` \| `true` \|$/m);
        expect(markdown).to.match(/<details>\n<summary>data: \d+ resource\(s\)<\/summary>/);
        expect(markdown).to.not.include(STAND_IN);
    });

    it("staging --against production shows the real differences and none of the environment names' noise", async () => {
        const { exitCode, text } = await runReview(["staging", "--against", "production"]);
        expect(exitCode).to.equal(0);
        const rds = text.split("hse-staging-postgres-instance")[1]?.split(/\n {2}\S/)[0] ?? "";
        expect(rds).to.include('instanceClass: "db.r6g.xlarge" => "db.t4g.medium"');
        expect(rds).to.include("multiAz: true => false");
        const only = text.split("only in production:")[1]?.split("\n\n")[1] ?? "";
        expect(only).to.include("hse-production-postgres-backups-dr-key");
        expect(only).to.not.include("aws:rds/instance:Instance");
        const diffLines = text.split("\n").filter((l) => l.includes(" => "));
        expect(diffLines.length).to.be.greaterThan(10);
        expect(diffLines.filter((l) => /staging|production|acm-validations|sourceCodeHash|\d{12}/i.test(l))).to.deep.equal([]);
        expect(text).to.match(/^postgres\.multiAz +true +false$/m);
        expect(text).to.match(/^key +production +staging$/m);
    });
});
