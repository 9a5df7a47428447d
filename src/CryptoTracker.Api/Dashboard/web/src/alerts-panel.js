// The "Get alerts" panel: people subscribe to alerts by email, or by text message when the tracker sends them, for this
// metric, every metric of a type, every metric, or a hand-picked set, and (when the tracker has alert rules) for the rules
// they tick: none ticked means every rule. Email is confirmed by the link AWS mails; a phone number by the 6-digit code
// the tracker texts, typed in here.
import "../alerts-panel.css";
import { ApiError, getJson } from "./api.js";
import { el } from "./dom.js";

async function postJson(path, body) {
  let response;
  try {
    response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError("The tracker cannot be reached; try again in a moment.", 0, null);
  }
  let json = null;
  try { json = await response.json(); } catch { /* no body */ }
  if (!response.ok) throw new ApiError(json?.detail ?? json?.title ?? `HTTP ${response.status}`, response.status, json);
  return json;
}

/**
 * Adds the panel to `container`. `metric` ({type, symbol}) on a metric page offers "only this metric" first.
 * Returns { dispose() }.
 */
export function mountAlertsPanel(container, { metric } = {}) {
  const body = el("div", { class: "alerts-body" }, el("p", { class: "muted" }, "Loading…"));
  const section = el("section", { class: "alerts-panel", id: "get-alerts", "aria-labelledby": "get-alerts-title" },
    el("h2", { id: "get-alerts-title" }, "Get alerts"), body);
  container.append(section);
  const aborter = new AbortController();
  Promise.all([getJson("/v1/subscriptions/options", aborter.signal), getJson("/v1/metrics", aborter.signal)])
    .then(([options, list]) => render(body, options, list.metrics.map((m) => m.id), metric))
    .catch((e) => {
      if (e.name === "AbortError") return;
      body.replaceChildren(el("p", { class: "muted" }, "Alerts cannot be set up right now."));
    });
  return { dispose() { aborter.abort(); section.remove(); } };
}

function render(body, options, ids, metric) {
  if (options.channels.length === 0) {
    body.replaceChildren(el("p", { class: "muted" }, "This tracker does not send alerts."));
    return;
  }
  const types = [...new Set(ids.map((id) => id.split(":")[0]))].sort();
  const current = metric ? `${metric.type}:${metric.symbol}` : null;
  const sms = options.channels.includes("sms");

  const radio = (name, value, checked, label, extra) =>
    el("label", { class: "alerts-choice" }, el("input", { type: "radio", name, value, checked }), " ", label, extra ?? "");
  const typeSelect = el("select", { id: "alerts-type", "aria-label": "Metric type" },
    types.map((t) => el("option", { value: t, selected: t === (metric?.type ?? types[0]) }, t)));
  const picks = el("div", { class: "alerts-picks", id: "alerts-picks", hidden: true },
    ids.map((id) => el("label", {}, el("input", { type: "checkbox", value: id, checked: id === current }), " ", id)));

  // The rules come from the options (spike, the built-in rule, first): offered when the tracker has rules of its own.
  const rules = options.rules ?? [];
  const ruleBoxes = rules.map((r) => el("label", { class: "alerts-rule" },
    el("input", { type: "checkbox", name: "alerts-rule", value: r.name }), " ", el("code", {}, r.name), " — ", r.description));
  const ruleSet = rules.length > 1
    ? el("fieldset", { id: "alerts-rules" }, el("legend", {}, "Which rules"),
      el("p", { class: "muted alerts-hint" }, "Tick the rules you want; none ticked means every rule."), ruleBoxes)
    : null;

  const which = el("fieldset", {}, el("legend", {}, "Which alerts"),
    current ? radio("alerts-which", "this", true, `Only ${current}`) : null,
    radio("alerts-which", "type", !current, "Every metric of type ", typeSelect),
    radio("alerts-which", "all", false, "Every metric"),
    radio("alerts-which", "pick", false, "Metrics I choose"),
    picks);
  which.addEventListener("change", () => { picks.hidden = chosen("alerts-which") !== "pick"; });

  const endpoint = el("input", { id: "alerts-endpoint", type: "email", autocomplete: "email", placeholder: "you@example.com", required: true,
    "aria-label": "Email address" });
  const prefixes = options.smsPrefixes.join(" or ");
  const channel = el("fieldset", {}, el("legend", {}, "Send them to"),
    radio("alerts-channel", "email", true, "Email"),
    sms ? radio("alerts-channel", "sms", false, `Phone (text message, numbers starting with ${prefixes})`) : null,
    endpoint);
  channel.addEventListener("change", (e) => {
    if (e.target.name !== "alerts-channel") return;
    const phone = chosen("alerts-channel") === "sms";
    endpoint.type = phone ? "tel" : "email";
    endpoint.autocomplete = phone ? "tel" : "email";
    endpoint.placeholder = phone ? `${options.smsPrefixes[0]}4155550123` : "you@example.com";
    endpoint.setAttribute("aria-label", phone ? "Phone number" : "Email address");
  });

  const status = el("p", { id: "alerts-status", class: "alerts-status", role: "status", "aria-live": "polite" });
  const code = el("input", { id: "alerts-code", inputmode: "numeric", autocomplete: "one-time-code", maxlength: String(options.codeLength),
    pattern: "[0-9]*", "aria-label": "Code from the text message" });
  const confirm = el("button", { type: "button", id: "alerts-confirm" }, "Confirm");
  const codeStep = el("div", { class: "alerts-code", id: "alerts-code-step", hidden: true },
    el("label", { for: "alerts-code" }, "Code from the text message "), code, " ", confirm);
  const submit = el("button", { type: "submit", id: "alerts-submit" }, "Get alerts");
  const form = el("form", { class: "alerts-form", novalidate: true }, which, ruleSet, channel, submit);

  let pendingNumber = null;
  const say = (text, kind = "ok") => { status.textContent = text; status.dataset.kind = kind; };

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const protocol = chosen("alerts-channel");
    const address = endpoint.value.trim();
    if (!address) { say(protocol === "sms" ? "Enter your phone number, starting with + and the country code." : "Enter your email address.", "error"); return; }
    const metrics = selectedMetrics(ids, current, typeSelect.value, picks);
    if (metrics && metrics.length === 0) { say("Choose at least one metric.", "error"); return; }
    if (metrics && metrics.length > options.maxMetrics) { say(`Choose at most ${options.maxMetrics} metrics, or every metric.`, "error"); return; }
    const ticked = ruleSet ? [...ruleSet.querySelectorAll('input[name="alerts-rule"]:checked')].map((c) => c.value) : [];
    const max = options.maxCombinations ?? options.maxMetrics;
    if (metrics && ticked.length > 0 && metrics.length * ticked.length > max) {
      say(`${metrics.length} metrics × ${ticked.length} rules is more than the ${max} combinations one subscription can hold; choose fewer metrics or rules.`, "error");
      return;
    }
    submit.disabled = true;
    try {
      const answer = await postJson("/v1/subscriptions",
        { protocol, endpoint: address, ...(metrics ? { metrics } : {}), ...(ticked.length > 0 ? { rules: ticked } : {}) });
      const only = answer.rules ? ` Only alerts of ${answer.rules.length === 1 ? "the rule" : "the rules"} ${answer.rules.join(", ")}.` : "";
      if (answer.status === "confirmation-sent") {
        pendingNumber = address;
        codeStep.hidden = false;
        code.value = "";
        code.focus();
        say(`We texted a ${options.codeLength}-digit code to ${address}. Type it below within 10 minutes to start the alerts.${only}`);
      } else {
        codeStep.hidden = true;
        say(`Check your inbox at ${address} and click the link from AWS to confirm. No alert is sent until you do; every alert has a link to unsubscribe.${only}`);
      }
    } catch (err) {
      say(err.message, "error");
    } finally {
      submit.disabled = false;
    }
  });

  confirm.addEventListener("click", async () => {
    if (!pendingNumber) return;
    confirm.disabled = true;
    try {
      await postJson("/v1/subscriptions/confirm", { endpoint: pendingNumber, code: code.value.trim() });
      codeStep.hidden = true;
      say(`Done: alerts will be texted to ${pendingNumber}. Reply STOP to any of them to stop.`);
      pendingNumber = null;
    } catch (err) {
      say(err.message, "error");
    } finally {
      confirm.disabled = false;
    }
  });

  body.replaceChildren(
    el("p", { class: "muted" }, ruleSet
      ? "An alert is sent when a value jumps above 3× its average of the last hour (the spike rule), and when one of the rules below starts to hold."
      : "An alert is sent when a value jumps above 3× its average of the last hour."),
    form, codeStep, status);
}

function chosen(name) {
  return document.querySelector(`input[name="${name}"]:checked`)?.value;
}

/** The metric ids to filter on, or undefined for every alert. */
function selectedMetrics(ids, current, type, picks) {
  switch (chosen("alerts-which")) {
    case "this": return [current];
    case "type": return ids.filter((id) => id.startsWith(`${type}:`));
    case "pick": return [...picks.querySelectorAll("input:checked")].map((c) => c.value);
    default: return undefined;
  }
}
