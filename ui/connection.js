// The connection guard (ui/connection.py): mounted once per run, it keeps what the user typed while the
// server was away and hands it to the next server session, and says in the page's language what is happening
// instead of Streamlit's English "Connecting" / "Connection error" texts. Runs in the app page (Streamlit
// components v2); reads nothing but the wizard's own text and number inputs and sends only to the app's server.

const KEY_CLASS = /(?:^|\s)st-key-(g\d+(?:zh|en)-[A-Za-z0-9_-]+)/;
const GEN_PREFIX = /^g\d+(?:zh|en)-/;

function fieldOf(target) {
  if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) return null;
  for (let node = target.parentElement; node; node = node.parentElement) {
    const m = KEY_CLASS.exec(node.className || "");
    if (m) return m[1].replace(GEN_PREFIX, "");
  }
  return null;
}

const STORE = "gfTypedSinceRun";

function openAssessment() {
  return new URLSearchParams(location.search).get("a");
}

function statusLabel() {
  return document.querySelector('[data-testid="stStatusWidget"] label');
}

function serverAway(g) {
  const label = statusLabel();
  if (!label) return false;
  const text = label.textContent || "";
  return /connecting|error/i.test(text) || text === (g.words || {}).connecting;
}

function save(g) {
  try { // only what no server has confirmed: a reload hands back nothing else
    const entries = [...g.pending].filter(([, e]) => e.committedAt === null).map(([field, e]) => [field, e.value]);
    sessionStorage.setItem(STORE, JSON.stringify({ assessment: openAssessment(), entries }));
  } catch (_) { /* storage full or refused: the values stay in memory */ }
}

function load(g) {
  try {
    const kept = JSON.parse(sessionStorage.getItem(STORE) || "null");
    // only into the assessment they were typed for (a reload of another address hands back nothing)
    if (!kept || !Array.isArray(kept.entries) || !kept.assessment || kept.assessment !== openAssessment()) return false;
    for (const [field, value] of kept.entries) g.pending.set(field, { value, committedAt: null });
    return g.pending.size > 0;
  } catch (_) {
    return false;
  }
}

function install(g) {
  // typed values: kept until a run of the server has followed the field's commit (Enter, leaving the field)
  document.addEventListener("input", (ev) => {
    const field = fieldOf(ev.target);
    if (field) {
      g.pending.set(field, { value: ev.target.value, committedAt: null });
      save(g);
    }
  }, true);
  const commit = (ev) => {
    const field = fieldOf(ev.target);
    const entry = field && g.pending.get(field);
    if (entry && !serverAway(g)) entry.committedAt = g.runs;
  };
  document.addEventListener("focusout", commit, true);
  document.addEventListener("keydown", (ev) => { if (ev.key === "Enter") commit(ev); }, true);

  // the page's own words over Streamlit's English ones, while the connection is down
  const banner = document.createElement("div");
  banner.setAttribute("role", "status");
  banner.setAttribute("data-testid", "gfConnectionBanner");
  banner.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:1000002;display:none;padding:.6rem 1rem;" +
    "background:#fff4e5;color:#663c00;border-bottom:1px solid #f0c36d;font-size:.95rem;text-align:center;";
  document.body.appendChild(banner);
  const words = () => g.words || {};
  const relabel = () => {
    const away = serverAway(g);
    if (g.away && !away) handBack(g); // reconnected: Streamlit reruns nothing by itself, so this asks for the run
    g.away = away;
    const unsaved = [...g.pending.values()].some((e) => e.committedAt === null || e.committedAt >= g.runs);
    const text = away ? (unsaved ? words().away_unsaved : words().away) : "";
    if (banner.textContent !== text) banner.textContent = text;
    banner.style.display = away ? "block" : "none";
    const label = statusLabel();
    if (label && /connecting/i.test(label.textContent)) label.textContent = words().connecting;
    for (const dialog of document.querySelectorAll('[role="dialog"]')) {
      if (!/Connection error|not responding|still running/.test(dialog.textContent || "")) continue;
      for (const node of dialog.querySelectorAll("*")) {
        if (node.tagName === "PRE" || node.tagName === "CODE") node.style.display = "none";
        else if (node.children.length === 0 && /Connection error/.test(node.textContent)) node.textContent = words().dialog_title;
        else if (node.children.length === 0 && /not responding|still running|restart it/.test(node.textContent)) node.textContent = words().dialog_body;
      }
    }
  };
  new MutationObserver(relabel).observe(document.body, { subtree: true, childList: true, characterData: true });
  g.relabel = relabel;
}

function handBack(g) {
  // whatever was typed since the last run that followed its confirmation, to the server session now serving
  const lost = {};
  for (const [field, entry] of g.pending) lost[field] = entry.value;
  g.pending.clear();
  save(g);
  if (Object.keys(lost).length) sendWhenIdle(g, lost, 0);
}

function sendWhenIdle(g, lost, tries) {
  // not while a run is going (the first run after a reload, say): its rerun request would not name the page yet
  if (document.querySelector('[data-testid="stStatusWidget"]') && tries < 100) {
    setTimeout(() => sendWhenIdle(g, lost, tries + 1), 300);
    return;
  }
  if (g.send) g.send("typed", lost);
}

export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  const host = parentElement && (parentElement.host || parentElement);
  const box = host && host.closest && host.closest('[data-testid="stElementContainer"]');
  if (box) box.style.display = "none"; // nothing to see: no gap in the layout
  const g = (window.__gfConnection ||= { pending: new Map(), runs: 0, session: null, installed: false });
  g.words = data.words;
  g.send = setTriggerValue;
  let reloaded = false;
  if (!g.installed) {
    install(g);
    g.installed = true;
    reloaded = load(g); // the page was reloaded (or the tab restored) with typed values not yet confirmed
  }
  g.runs += 1;
  const newSession = reloaded || (g.session !== null && g.session !== data.session);
  g.session = data.session;
  if (newSession) {
    handBack(g); // a reload, or a new server session that ran before the guard saw the reconnection
  } else {
    for (const [field, entry] of g.pending) {
      if (entry.committedAt !== null && entry.committedAt < g.runs) g.pending.delete(field);
    }
  }
  save(g);
  if (g.relabel) g.relabel();
}
