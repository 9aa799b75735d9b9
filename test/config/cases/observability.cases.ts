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
];
