// Invalid values of the observability section: who receives the alarms, and whether production
// pages (issue 20, "Notifications").
import { editSection, InvalidCase, keyOf, setKey } from "../edit";

const obs = keyOf("observability");
const WEBHOOK_KEY = "hse-platform:alertsWebhookUrl";
const editObs = (change: (o: Record<string, any>) => void) => editSection("observability", change);
const editNotifications = (change: (n: Record<string, any>) => void) => editObs((o) => change(o.notifications));

export const OBSERVABILITY_CASES: InvalidCase[] = [
    { title: "no enabled flag", edit: editObs((o) => { delete o.enabled; }), key: obs("enabled"), says: "must be true or false" },
    { title: "an enabled flag written as yes", edit: editObs((o) => { o.enabled = "yes"; }), key: obs("enabled"), says: "must be true or false" },
    { title: "an e-mail address without a domain", edit: editNotifications((n) => { n.emails = ["oncall"]; }), key: obs("notifications.emails[0]"), says: "\"oncall\" is not an e-mail address" },
    { title: "e-mail addresses given as one string", edit: editNotifications((n) => { n.emails = "oncall@example.com"; }), key: obs("notifications.emails"), says: "must be a list of e-mail addresses" },
    { title: "the same e-mail address twice", edit: editNotifications((n) => { n.emails = ["a@example.com", "a@example.com"]; }), key: obs("notifications.emails"), says: "lists a@example.com more than once" },
    { title: "a webhook over plain http", edit: editNotifications((n) => { n.httpsEndpoints = ["http://hooks.example.com/alerts"]; }), key: obs("notifications.httpsEndpoints[0]"), says: "\"http://hooks.example.com/alerts\" is not an https:// URL" },
    { title: "a webhook that is not a URL", edit: editNotifications((n) => { n.httpsEndpoints = ["hooks.example.com"]; }), key: obs("notifications.httpsEndpoints[0]"), says: "is not an https:// URL" },
    { title: "a webhook URL with a space in it", edit: editNotifications((n) => { n.httpsEndpoints = ["https://hooks.example.com/a b"]; }), key: obs("notifications.httpsEndpoints[0]"), says: "is not an https:// URL" },
    { title: "the same webhook twice", edit: editNotifications((n) => { n.httpsEndpoints = ["https://h.example.com/x", "https://h.example.com/x"]; }), key: obs("notifications.httpsEndpoints"), says: "lists https://h.example.com/x more than once" },
    { title: "an unknown kind of subscriber", edit: editNotifications((n) => { n.sms = ["+15550100"]; }), key: obs("notifications.sms"), says: "unknown key; allowed here: emails, httpsEndpoints" },
    { title: "a misspelt observability key", edit: editObs((o) => { o.pageing = true; }), key: obs("pageing"), says: "unknown key" },
    { title: "production's alerts turned off", stack: "production", edit: editObs((o) => { o.enabled = false; }), key: obs("enabled"), says: "is false in production; production's alarms must reach the on-call" },
    { title: "production that only notifies", stack: "production", edit: editObs((o) => { o.paging = false; }), key: obs("paging"), says: "is false in production; production's critical alarms page the on-call" },
    { title: "a secret webhook that is not an https URL", edit: setKey("alertsWebhookUrl", "secret:http://hooks.example.com/T0/B0/xyz"), key: WEBHOOK_KEY, says: "must be an https:// URL" },
    { title: "a webhook with its token in plain text", edit: setKey("alertsWebhookUrl", "https://hooks.example.com/T0/B0/xyz"), key: WEBHOOK_KEY, says: "is a secret but is stored in plain text" },
    { title: "an objective of 100 %", edit: editObs((o) => { o.availabilityObjectivePercent = 100; }), key: obs("availabilityObjectivePercent"), says: "must be at most 99.99: 100 leaves no error budget" },
    { title: "an objective written as a fraction", edit: editObs((o) => { o.availabilityObjectivePercent = 0.999; }), key: obs("availabilityObjectivePercent"), says: "must be at least 90" },
    { title: "an objective written as text", edit: editObs((o) => { o.availabilityObjectivePercent = "99.9%"; }), key: obs("availabilityObjectivePercent"), says: "must be a percentage such as 99.9" },
    { title: "a burn factor of 1", edit: editObs((o) => { o.burnRates = { fast: 1 }; }), key: obs("burnRates.fast"), says: "must be above 1" },
    { title: "a fast burn no faster than the slow one", edit: editObs((o) => { o.burnRates = { fast: 6, slow: 6 }; }), key: obs("burnRates.fast"), says: "is 6, not above slow (6)" },
    { title: "a burn factor the objective can never reach", edit: editObs((o) => { o.availabilityObjectivePercent = 99; o.burnRates = { fast: 150, slow: 6 }; }), key: obs("burnRates.fast"), says: "is 150, above 100: with an objective of 99 % even 100 % errors burn at most 100x" },
    { title: "a p99 latency of zero", edit: editObs((o) => { o.p99LatencyMs = 0; }), key: obs("p99LatencyMs"), says: "must be at least 1 ms" },
    { title: "a p99 latency in seconds with a fraction", edit: editObs((o) => { o.p99LatencyMs = 0.5; }), key: obs("p99LatencyMs"), says: "must be a whole number of milliseconds" },
    { title: "a p99 latency above the idle timeout", edit: editObs((o) => { o.p99LatencyMs = 120000; }), key: obs("p99LatencyMs"), says: "must be at most 60000 ms" },
    { title: "a misspelt burn window", edit: editObs((o) => { o.burnRates = { quick: 14.4 }; }), key: obs("burnRates.quick"), says: "unknown key" },
];
