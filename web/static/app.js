// whosaid page script. The page works without it (search is a plain GET
// form rendered on the server); this adds speaker suggestions from the
// API, checking a quote without a reload, and the other reports of a
// quote. It writes text with textContent only: nothing from the API is
// ever parsed as HTML.
"use strict";

(function () {
  // el builds an element with attributes and children (strings become text).
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] !== undefined && attrs[k] !== null && attrs[k] !== false) e.setAttribute(k, attrs[k]);
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === "") return;
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }

  // shown returns a quote's text as nodes for el, each invisible
  // character (the server's models.Hidden: controls, bidi marks,
  // embeddings, overrides and isolates…; tab and newline aside) shown as
  // its code point, as the server's pages show it: quote text is stored
  // verbatim, and a bidi override would reorder what the reader sees.
  var hiddenChar = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B\u200E\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/;
  function shown(text) {
    var parts = [], run = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (!hiddenChar.test(c)) { run += c; continue; }
      if (run) parts.push(run);
      run = "";
      var hex = c.charCodeAt(0).toString(16).toUpperCase();
      parts.push(el("span", { "class": "hidden-char", title: "an invisible character" }, ["U+" + "0000".slice(hex.length) + hex]));
    }
    if (run) parts.push(run);
    return parts;
  }

  function words(v) {
    if (Array.isArray(v)) return v.join(" ");
    return v ? String(v) : "";
  }

  function quotePage(id) { return "/quotes/" + encodeURIComponent(id); }
  function quoteJSON(id) { return "/api/v1/quotes/" + encodeURIComponent(id); }

  function day(s) {
    if (!s) return "";
    var d = new Date(s);
    if (isNaN(d)) return "";
    return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  // sourceLine says who said a quote and where it was reported.
  function sourceLine(q) {
    var parts = [];
    parts.push(el("span", { "class": q.speaker ? "speaker" : "speaker unknown" }, [q.speaker ? q.speaker.name : "Unattributed"]));
    if (q.source) {
      parts.push(" in ");
      parts.push(el("cite", null, [q.source.title || "an untitled source"]));
      if (q.source.outlet) parts.push(", " + q.source.outlet);
    }
    var when = day((q.source && q.source.published_at) || q.reported_at);
    if (when) parts.push(" ", el("span", { "class": "when" }, [when]));
    return el("p", { "class": "by" }, parts);
  }

  // diffView renders word-level diff ops, from what was said to what is
  // claimed: {op: equal|insert|delete|replace, said: [...], claimed: [...]}.
  function diffView(ops) {
    var p = el("p", { "class": "diff" });
    ops.forEach(function (o, i) {
      if (i > 0) p.appendChild(document.createTextNode(" "));
      var op = o.op || o.Op || "", said = words(o.said || o.Said), claimed = words(o.claimed || o.Claimed);
      if (op === "equal") {
        p.appendChild(document.createTextNode(said || claimed));
        return;
      }
      if ((op === "delete" || op === "replace") && said) {
        p.appendChild(el("del", null, [el("span", { "class": "sr" }, ["said but not claimed: "]), said]));
      }
      if (op === "replace" && said && claimed) p.appendChild(document.createTextNode(" "));
      if ((op === "insert" || op === "replace") && claimed) {
        p.appendChild(el("ins", null, [el("span", { "class": "sr" }, ["claimed but not said: "]), claimed]));
      }
    });
    return p;
  }

  // changed reports whether diff ops hold any change.
  function changed(ops) {
    return Array.isArray(ops) && ops.some(function (o) { return (o.op || o.Op) !== "equal"; });
  }

  var diffKey = function () {
    return el("p", { "class": "diff-key" }, ["Difference from what was said: ",
      el("del", null, ["struck out"]), " was said but is missing from the claim; ",
      el("ins", null, ["underlined"]), " is in the claim but was not said."]);
  };

  // --- speaker suggestions -------------------------------------------------

  function suggest(input) {
    var list = document.getElementById(input.getAttribute("data-suggest"));
    if (!list || !window.fetch) return;
    var timer = null, last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2 || q === last) return;
        last = q;
        fetch("/api/v1/speakers?limit=10&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (body) {
            if (!body || !Array.isArray(body.data) || body.data.length === 0 || input.value.trim() !== q) return;
            var seen = {};
            var opts = [];
            body.data.forEach(function (s) {
              [s.name].concat((s.aliases || []).map(function (a) { return a.name; })).forEach(function (n) {
                if (n && !seen[n]) {
                  seen[n] = true;
                  opts.push(el("option", { value: n }, [s.name]));
                }
              });
            });
            list.replaceChildren.apply(list, opts);
          })
          .catch(function () { /* suggestions are a nicety: keep the list */ });
      }, 200);
    });
  }

  // --- checking a quote ------------------------------------------------------

  var verdictTitle = {
    verified: "Verified: the speaker said this",
    altered: "Altered: the speaker said something close, but not this",
    misattributed: "Misattributed: these words were said, by someone else",
    partial: "Partly said: a real quote with words added, or only a fragment of it",
    not_found: "Not found: nothing on record comes close"
  };

  function showProblem(out, title, body) {
    var items = [];
    if (body && Array.isArray(body.errors)) {
      body.errors.forEach(function (f) { items.push(el("li", null, [el("strong", null, [f.field]), " " + f.message])); });
    }
    out.replaceChildren(el("div", { "class": "problems", role: "alert" }, [
      el("p", null, [title + (body && body.detail ? ": " + body.detail : "")]),
      items.length ? el("ul", null, items) : null
    ]));
  }

  function evidenceItem(ev, i) {
    var q = ev.quote || ev;
    var match = ev.match || ev;
    var score = typeof match.score === "number" ? match.score : ev.score;
    var head = [i === 0 ? "Closest quote on record" : "Also compared"];
    if (typeof score === "number") head.push(" (" + Math.round(score * 100) + "% similar)");
    var children = [
      el("h4", null, head),
      el("blockquote", null, [el("p", null, shown(q.text || ""))]),
      sourceLine(q)
    ];
    var ops = ev.diff || match.diff;
    if (changed(ops)) children.push(diffView(ops));
    if (q.id) {
      children.push(el("p", { "class": "links" }, [
        el("a", { href: quotePage(q.id) }, ["In its source"]),
        el("a", { href: quoteJSON(q.id), "class": "json" }, ["JSON"])
      ]));
    }
    var reports = (ev.reports || []).filter(function (r) { return r.id !== q.id; });
    if (reports.length) {
      children.push(el("p", null, ["Also reported by:"]));
      children.push(el("ul", { "class": "reports" }, reports.map(function (r) { return el("li", null, [reportLine(r)]); })));
    }
    return el("li", null, [el("article", { "class": "quote" }, children)]);
  }

  function reportLine(r) {
    var q = r.quote || r;
    var src = q.source || {};
    var parts = [];
    if (src.outlet) parts.push(el("strong", null, [src.outlet]), ": ");
    parts.push(el("cite", null, [src.title || "an untitled source"]));
    var when = day(src.published_at || q.reported_at);
    if (when) parts.push(" · " + when);
    if (q.id) parts.push(" ", el("a", { href: quotePage(q.id) }, ["quote ", String(q.id)]));
    var p = el("span", null, parts);
    if (changed(r.diff)) return el("div", null, [p, diffView(r.diff)]);
    return p;
  }

  function showVerdict(out, body) {
    var v = body.verdict || "unknown";
    var box = [el("h3", null, [verdictTitle[v] || ("Verdict: " + v)])];
    if (body.reason) box.push(el("p", null, [body.reason]));
    if (body.said_by && body.said_by.name) box.push(el("p", null, ["Said by ", el("strong", null, [body.said_by.name])]));
    if (typeof body.confidence === "number") box.push(el("p", { "class": "hint" }, ["Confidence " + Math.round(body.confidence * 100) + "%"]));
    var nodes = [el("div", { "class": "verdict verdict-" + v, role: "status", "data-verdict": v }, box)];
    var evidence = Array.isArray(body.evidence) ? body.evidence : [];
    if (evidence.length) {
      nodes.push(el("h3", null, ["Evidence"]));
      if (evidence.some(function (ev) { return changed(ev.diff || (ev.match && ev.match.diff)); })) nodes.push(diffKey());
      nodes.push(el("ol", { "class": "evidence" }, evidence.map(evidenceItem)));
    }
    out.replaceChildren.apply(out, nodes);
  }

  function verify(form) {
    var fields = document.getElementById("verify-fields");
    var out = document.getElementById("verify-result");
    if (!fields || !out || !window.fetch) return;
    fields.disabled = false;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var claim = form.elements.claim.value.trim();
      var speaker = form.elements.claim_speaker.value.trim();
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      out.setAttribute("aria-busy", "true");
      out.replaceChildren(el("p", { "class": "hint" }, ["Checking…"]));
      fetch("/api/v1/verify", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(speaker ? { claim: claim, speaker: speaker } : { claim: claim })
      }).then(function (r) {
        return r.json().catch(function () { return null; }).then(function (body) {
          if (r.ok && body) {
            showVerdict(out, body);
          } else if (r.status === 404 || r.status === 405) {
            showProblem(out, "Checking quotes is not available on this server yet", null);
          } else {
            showProblem(out, "The quote could not be checked", body);
          }
        });
      }).catch(function () {
        showProblem(out, "The service could not be reached; check your connection and try again", null);
      }).then(function () {
        button.disabled = false;
        out.removeAttribute("aria-busy");
      });
    });
  }

  // --- other reports of a quote ---------------------------------------------

  // reportsOf finds the corroboration in a quote's JSON, whichever of the
  // shapes the API gives: {corroboration: {reports: [...]}} or a list.
  function reportsOf(q) {
    var c = q.corroboration || q.corroborated_by || q.reports || q.reported_by || q.other_reports;
    if (!c) return null;
    if (Array.isArray(c)) return c;
    if (Array.isArray(c.reports)) return c.reports;
    return null;
  }

  function reports(section) {
    if (!window.fetch) return;
    var list = document.getElementById("reports-list");
    fetch(section.getAttribute("data-quote"), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (q) {
        var rs = q && reportsOf(q);
        if (!rs) { // the API does not say: leave the section hidden
          section.setAttribute("data-state", "none");
          return;
        }
        var others = rs.filter(function (r) { return (r.quote || r).id !== q.id; });
        if (others.length === 0) {
          list.replaceChildren(el("p", { "class": "empty" }, ["No other outlet on record reported these words."]));
        } else {
          var nodes = [];
          if (others.some(function (r) { return changed(r.diff); })) nodes.push(diffKey());
          nodes.push(el("ul", { "class": "reports" }, others.map(function (r) { return el("li", null, [reportLine(r)]); })));
          list.replaceChildren.apply(list, nodes);
        }
        section.hidden = false;
        section.setAttribute("data-state", "shown");
      })
      .catch(function () { section.setAttribute("data-state", "failed"); });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest]"), suggest);
    var form = document.getElementById("verify-form");
    if (form) verify(form);
    var section = document.getElementById("reports");
    if (section) reports(section);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
