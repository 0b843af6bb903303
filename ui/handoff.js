// Hands the session a page script made (registration) to the browser as a cookie: posts the one-time code to the
// sign-in route's sibling (ui/session_routes.py, /_session/adopt), which sets the cookie and comes back here.
export default function (component) {
  const { data } = component;
  if (!data || !data.form || document.getElementById("gf-handoff")) return;
  const holder = document.createElement("div");
  holder.hidden = true;
  holder.innerHTML = data.form;
  document.body.appendChild(holder);
  document.getElementById("gf-handoff").submit();
}
