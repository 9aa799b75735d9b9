// `npm run cost -- <stack>`: its arguments, and the text and Markdown it prints.
import { expect } from "chai";
import { buildStack } from "../../../offline/build";
import { runCost } from "../../../review/cost/cli";

describe("npm run cost", () => {
    before(async () => {
        for (const stack of ["staging", "production"]) await buildStack(stack);
    });

    it("refuses an unknown flag, naming it and the one allowed", async () => {
        const result = await runCost(["staging", "--json"]);
        expect(result.exitCode).to.equal(2);
        expect(result.text).to.match(/^unknown flag --json: only --markdown is allowed; usage: npm run cost -- <stack> \[--markdown\]; stacks: .*staging/);
    });

    it("prints its usage without a stack", async () => {
        expect(await runCost([])).to.deep.include({ exitCode: 2 });
    });

    it("says so of a stack without a stack file", async () => {
        const result = await runCost(["qa"]);
        expect(result.exitCode).to.equal(1);
        expect(result.text).to.include("qa");
    });

    it("prints a line per priced resource, the total and range, the unpriced types, the assumptions and the savings", async () => {
        const { exitCode, text } = await runCost(["staging"]);
        expect(exitCode).to.equal(0);
        expect(text).to.match(/^Monthly cost estimate of stack "staging" \(us-east-1, USD, AWS list prices, on demand, 730 h a month\)/);
        expect(text).to.match(/hse-staging-postgres-instance\s+\$47\.45\s+db\.t4g\.medium Single-AZ/);
        expect(text).to.match(/Total: \$[\d,]+\.\d\d - \$[\d,]+\.\d\d a month/);
        expect(text).to.include("Unpriced (cost money, not in the price table; not in the total):");
        expect(text).to.include("Assumptions (config cost.assumptions, per month):\n  internetEgressGb: 50");
        expect(text).to.include("Compute Savings Plan for Fargate (1-year, No Upfront)");
    });

    it("prints Markdown for a pull-request comment with --markdown", async () => {
        const { exitCode, text } = await runCost(["production", "--markdown"]);
        expect(exitCode).to.equal(0);
        expect(text).to.match(/^### Monthly cost estimate of `production`/);
        expect(text).to.include("| resource | monthly | what | basis |");
        expect(text).to.match(/\*\*Total: \$[\d,]+\.\d\d - \$[\d,]+\.\d\d a month\*\*/);
        expect(text).to.include("1 x aws:rds/instance:Instance: no sourced price for RDS instance class db.r6g.xlarge");
    });
});
