// The burn-rate math of the availability alarms (issue 20), on sample numbers: the pure
// functions and the metric-math expression the alarms declare, evaluated the same way.
import { expect } from "chai";
import { burnRate, burnRateExpression, burns, burnWindows, errorBudget, maxBurnFactor } from "../../components/observability/burn-rate";

/**
 * Evaluates the declared expression on counts as CloudWatch would: it must have the shape
 * (FILL(a, 0) + FILL(b, 0)) / requests / budget, and a missing 5xx count fills as 0.
 */
function evaluate(expression: string, counts: Record<string, number | undefined>): number {
    const shape = /^\(FILL\((\w+), 0\) \+ FILL\((\w+), 0\)\) \/ (\w+) \/ ([\d.]+)$/.exec(expression);
    expect(shape, expression).to.not.equal(null);
    const [, a, b, requests, budget] = shape!;
    return ((counts[a] ?? 0) + (counts[b] ?? 0)) / counts[requests]! / Number(budget);
}

const IDS = { requests: "requests", targetErrors: "target5xx", lbErrors: "elb5xx" };

describe("error-budget burn rate", () => {
    it("a 99.9 % objective leaves a budget of 0.1 % of the requests", () => {
        expect(errorBudget(99.9)).to.equal(0.001);
        expect(errorBudget(99.5)).to.equal(0.005);
    });

    it("1000 requests with 15 errors over an hour burn 15x: at 14.4x the fast alarm fires", () => {
        expect(burnRate({ requests: 1000, errors: 15 }, 99.9)).to.be.closeTo(15, 1e-9);
        expect(burns({ requests: 1000, errors: 15 }, 99.9, 14.4)).to.equal(true);
    });

    it("14 errors in 1000 burn 14x: below the fast factor, above the slow one", () => {
        expect(burns({ requests: 1000, errors: 14 }, 99.9, 14.4)).to.equal(false);
        expect(burns({ requests: 1000, errors: 14 }, 99.9, 6)).to.equal(true);
    });

    it("no requests burn nothing", () => {
        expect(burnRate({ requests: 0, errors: 0 }, 99.9)).to.equal(0);
    });

    it("the highest factor that can fire is 1 / budget: 1000 at 99.9 %", () => {
        expect(maxBurnFactor(99.9)).to.equal(1000);
        expect(burns({ requests: 10, errors: 10 }, 99.9, 1000)).to.equal(true);
    });

    it("the windows are the workbook's: 1 h and 5 min for the fast factor, 6 h and 30 min for the slow one", () => {
        expect(burnWindows({ fast: 14.4, slow: 6 })).to.deep.equal([
            { name: "fast", longSeconds: 3600, shortSeconds: 300, factor: 14.4 },
            { name: "slow", longSeconds: 21600, shortSeconds: 1800, factor: 6 },
        ]);
    });

    it("the alarms' metric math gives the same burn rate as the pure function, target and ELB 5xx summed", () => {
        const expression = burnRateExpression(IDS, 99.9);
        expect(evaluate(expression, { requests: 1000, target5xx: 10, elb5xx: 5 })).to.be.closeTo(15, 1e-9);
        expect(evaluate(expression, { requests: 1000, target5xx: 15 })).to.be.closeTo(burnRate({ requests: 1000, errors: 15 }, 99.9), 1e-9);
        expect(evaluate(expression, { requests: 2000 })).to.equal(0);
        expect(evaluate(burnRateExpression(IDS, 99), { requests: 1000, elb5xx: 20 })).to.be.closeTo(2, 1e-9);
    });
});
