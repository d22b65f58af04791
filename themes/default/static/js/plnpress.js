// plnpress default theme: two small conveniences. The pages work without them; with them:
// - "On Mastodon" under an entry asks for the reader's own server and opens its share page there
//   (Mastodon has no one address to share to), remembering the server for next time;
// - each address to copy on the /follow/ page gets a Copy button.
// The site's own file, loaded with `defer`: the Content-Security-Policy allows no inline script.
"use strict";

const MASTODON_KEY = "plnpress-mastodon-server";

/** "@me@mastodon.social", "https://mastodon.social/@me" or "mastodon.social" -> "mastodon.social". */
function serverOf(text) {
  let server = text.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  server = server.split("/")[0];
  server = server.slice(server.lastIndexOf("@") + 1).toLowerCase();
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/.test(server) ? server : null;
}

function remembered() {
  try {
    return localStorage.getItem(MASTODON_KEY) || "";
  } catch {
    return ""; // storage is off in this browser: ask every time
  }
}

function remember(server) {
  try {
    localStorage.setItem(MASTODON_KEY, server);
  } catch {
    // storage is off in this browser: nothing to keep
  }
}

function setUpMastodonShare(form) {
  const input = form.elements.namedItem("server");
  input.value = remembered();
  input.addEventListener("input", () => input.setCustomValidity(""));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const server = serverOf(input.value);
    if (!server) {
      input.setCustomValidity("Type the name of your Mastodon server, e.g. mastodon.social");
      input.reportValidity();
      return;
    }
    remember(server);
    const url = `https://${server}/share?text=${encodeURIComponent(form.dataset.text)}`;
    window.open(url, "_blank", "noopener");
  });
  form.closest("[hidden]")?.removeAttribute("hidden");
}

function addCopyButton(text) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "copy-button";
  button.textContent = "Copy";
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(text.textContent.trim()).then(
      () => { button.textContent = "Copied"; },
      () => { button.textContent = "Select and copy it"; },
    );
  });
  text.after(button);
}

document.querySelectorAll("form.mastodon-share").forEach(setUpMastodonShare);
if (navigator.clipboard) {
  document.querySelectorAll(".copy-text").forEach(addCopyButton);
}
