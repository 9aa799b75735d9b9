// The shapes the cost estimate works with: what it reads of a resource, what a pricing
// function returns, and the usage assumptions the stack cannot know.
import { PriceTable } from "./prices";

/** One declared resource as the estimator sees it: only the inputs it reads (see inputs.ts). */
export interface CostResource {
    readonly type: string;
    readonly name: string;
    readonly inputs: Readonly<Record<string, unknown>>;
    /** The region of the resource's provider; the stack's region when absent. */
    readonly region?: string;
}

/** Usage the stack cannot know, per month (config `cost.assumptions`). */
export interface CostAssumptions {
    readonly internetEgressGb: number;
    readonly cloudfrontGb: number;
    readonly lambdaInvocationsPerFunction: number;
    readonly imageStorageGbPerRepository: number;
    readonly natProcessedGb: number;
    readonly logIngestionGb: number;
    readonly albLcu: number;
    readonly nlbNlcu: number;
    readonly wafRequestsMillions: number;
    readonly interfaceEndpointGb: number;
    readonly backupChangePercentPerDay: number;
}

export interface CostLine {
    readonly resource: string;
    readonly type: string;
    readonly what: string;
    readonly monthlyMin: number;
    readonly monthlyMax: number;
    readonly basis: string;
}

export interface UnpricedEntry {
    readonly type: string;
    readonly count: number;
    readonly reasons: readonly string[];
}

export interface Saving {
    readonly optimization: string;
    readonly monthly: number;
    readonly basis: string;
}

export interface CostEstimate {
    readonly region: string;
    readonly currency: "USD";
    readonly hoursPerMonth: number;
    readonly lines: readonly CostLine[];
    readonly total: { readonly min: number; readonly max: number };
    readonly unpriced: readonly UnpricedEntry[];
    readonly assumptions: CostAssumptions;
    readonly savings: readonly Saving[];
}

/** What a pricing function is given besides its resource. */
export interface PricingContext {
    readonly prices: Partial<PriceTable>;
    readonly assumptions: CostAssumptions;
    /** Every resource of the stack, for lookups (a service's task definition, its scaling target). */
    readonly all: readonly CostResource[];
}

/** A pricing function's answer: its lines, and why part of it could not be priced. */
export interface Priced {
    readonly lines: readonly CostLine[];
    readonly unpriced?: readonly string[];
}

export type PricingFunction = (resource: CostResource, context: PricingContext) => Priced;

/** Rounds money to cents, so outputs compare and print the same everywhere. */
export const cents = (usd: number): number => Math.round(usd * 100) / 100;

export function line(resource: CostResource, what: string, min: number, max: number, basis: string): CostLine {
    return { resource: resource.name, type: resource.type, what, monthlyMin: cents(min), monthlyMax: cents(max), basis };
}

/** A text input, or the fallback when it is absent or not text. */
export const text = (value: unknown, fallback = ""): string => (typeof value === "string" ? value : fallback);

export const num = (value: unknown, fallback = 0): number => {
    const n = typeof value === "string" ? Number(value) : value;
    return typeof n === "number" && Number.isFinite(n) ? n : fallback;
};

export const missing = (what: string, region?: string) => `no sourced price for ${what}${region ? ` in ${region}` : ""} (review/cost/prices.ts)`;
