// Error-budget burn rates for an availability objective (issue 20, seed 11.4: 99.9 %), after
// Google's SRE workbook, "Alerting on SLOs" (multiwindow, multi-burn-rate alerts): a burn rate is
// the observed error ratio over a window divided by the ratio the objective allows; an alert
// fires when both a long and a short window burn faster than a factor. Pure: the alarms'
// metric math and the tests evaluate the same definitions.

/** A pair of windows and the burn factor both must reach (the short one makes the alert reset fast). */
export interface BurnWindow {
    readonly name: "fast" | "slow";
    /** The long window, in seconds: the alarm's period over which the counts are summed. */
    readonly longSeconds: number;
    /** The short window (1/12 of the long one in the workbook), in seconds. */
    readonly shortSeconds: number;
    /** How many times faster than the objective allows the budget is spent. */
    readonly factor: number;
}

/**
 * The workbook's two first pairs: 2 % of a 30-day budget in one hour (14.4x over 1 h and 5 min)
 * and 5 % in six hours (6x over 6 h and 30 min). The factors come from config.
 */
export function burnWindows(factors: { readonly fast: number; readonly slow: number }): readonly BurnWindow[] {
    return [
        { name: "fast", longSeconds: 3600, shortSeconds: 300, factor: factors.fast },
        { name: "slow", longSeconds: 21600, shortSeconds: 1800, factor: factors.slow },
    ];
}

/** The error ratio the objective allows: 0.001 for 99.9 %. */
export function errorBudget(objectivePercent: number): number {
    // Rounded to hide binary noise (1 - 0.999 = 0.0010000000000000009).
    return Number(((100 - objectivePercent) / 100).toPrecision(12));
}

/** The burn rate of a window's counts: the error ratio over the budget; 0 without requests. */
export function burnRate(counts: { readonly requests: number; readonly errors: number }, objectivePercent: number): number {
    if (counts.requests <= 0) return 0;
    return counts.errors / counts.requests / errorBudget(objectivePercent);
}

/** Whether a window of counts breaches its factor (the alarm's GreaterThanOrEqualToThreshold). */
export function burns(counts: { readonly requests: number; readonly errors: number }, objectivePercent: number, factor: number): boolean {
    return burnRate(counts, objectivePercent) >= factor;
}

/** The highest factor that can ever fire: an error ratio of 1 burns 1/budget. */
export function maxBurnFactor(objectivePercent: number): number {
    return 1 / errorBudget(objectivePercent);
}

/**
 * The CloudWatch metric math of the burn rate, over query ids of the request count and the two
 * 5xx counts (target and load balancer). FILL(…, 0): a period with requests but no 5xx has no
 * 5xx data point; without requests the expression has no value and the alarm treats it as
 * missing (CloudWatch user guide, "Metric math syntax and functions": FILL).
 */
export function burnRateExpression(ids: { readonly requests: string; readonly targetErrors: string; readonly lbErrors: string }, objectivePercent: number): string {
    return `(FILL(${ids.targetErrors}, 0) + FILL(${ids.lbErrors}, 0)) / ${ids.requests} / ${errorBudget(objectivePercent)}`;
}
