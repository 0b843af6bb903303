// Streamlit's own words in the page's language (ui/chrome.py): input instructions, the file uploader, the
// status and toolbar texts and tooltips, which no configuration option translates. Text nodes and a few
// attributes are rewritten as they appear; the rules come from the locale files, none in English.

const ATTRS = ["title", "aria-label", "placeholder"];

function rewrite(text, rules) {
  for (const [pattern, words] of rules) {
    if (pattern.test(text)) return text.replace(pattern, words);
  }
  return null;
}

function translate(root, rules) {
  if (root.nodeType === Node.TEXT_NODE) {
    const out = rewrite(root.nodeValue, rules);
    if (out !== null && out !== root.nodeValue) root.nodeValue = out;
    return;
  }
  if (root.nodeType !== Node.ELEMENT_NODE) return;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  for (let node = root; node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) {
      const out = rewrite(node.nodeValue, rules);
      if (out !== null && out !== node.nodeValue) node.nodeValue = out;
    } else {
      for (const name of ATTRS) {
        const value = node.getAttribute(name);
        const out = value && rewrite(value, rules);
        if (out && out !== value) node.setAttribute(name, out);
      }
    }
  }
}

export default function (component) {
  const { data, parentElement } = component;
  const host = parentElement && (parentElement.host || parentElement);
  const box = host && host.closest && host.closest('[data-testid="stElementContainer"]');
  if (box) box.style.display = "none";
  const g = (window.__gfChrome ||= { observer: null, rules: [] });
  g.rules = (data.rules || []).map(([source, words]) => [new RegExp(source), words]);
  if (g.observer) g.observer.disconnect();
  if (!g.rules.length) return;
  translate(document.body, g.rules);
  g.observer = new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "characterData") translate(change.target, g.rules);
      else if (change.type === "attributes") translate(change.target, g.rules);
      else for (const node of change.addedNodes) translate(node, g.rules);
    }
  });
  g.observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true,
                                       attributeFilter: ATTRS });
}
