// The search page: asks the Pagefind index (in /pagefind/, made by the build) as the reader types
// and lists the entries and pages it finds, each with its title, date and the words around the
// match. Everything happens in the browser: the words typed are never sent anywhere.
(function () {
  "use strict";
  const input = document.getElementById("search-query");
  const status = document.querySelector(".search-status");
  const list = document.querySelector(".search-results");
  if (!input || !status || !list) return;
  const base = input.dataset.base || "/";
  let pagefind = null;
  let asked = 0;

  function say(text) {
    status.textContent = text;
  }

  async function load() {
    if (!pagefind) {
      pagefind = await import(input.dataset.pagefind + "pagefind.js");
      await pagefind.options({ baseUrl: base, excerptLength: 24 });
      pagefind.init();
    }
    return pagefind;
  }

  // Pagefind's excerpt marks the matches with <mark>; everything else is kept as text.
  function excerpt(html) {
    const paragraph = document.createElement("p");
    paragraph.className = "search-excerpt";
    const parsed = new DOMParser().parseFromString(html, "text/html");
    for (const node of parsed.body.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.append(mark);
      } else {
        paragraph.append(node.textContent);
      }
    }
    return paragraph;
  }

  function result(data) {
    const item = document.createElement("li");
    item.className = "search-result";
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    const title = document.createElement("h2");
    title.className = "search-title";
    title.append(link);
    item.append(title);
    if (data.meta.date) {
      const date = document.createElement("p");
      date.className = "search-date";
      date.textContent = data.meta.date;
      item.append(date);
    }
    item.append(excerpt(data.excerpt));
    return item;
  }

  async function search(words) {
    const mine = ++asked;
    const query = words.trim();
    const address = new URL(window.location.href);
    if (query) address.searchParams.set("q", query);
    else address.searchParams.delete("q");
    window.history.replaceState(null, "", address);
    if (!query) {
      list.replaceChildren();
      say("");
      return;
    }
    let found;
    try {
      const index = await load();
      found = await index.debouncedSearch(query, {}, 150);
    } catch (error) {
      if (mine === asked) say("The search index cannot be loaded right now. Try again in a moment.");
      return;
    }
    if (found === null || mine !== asked) return; // a newer search replaced this one
    const shown = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
    if (mine !== asked) return;
    list.replaceChildren(...shown.map(result));
    const count = found.results.length;
    say(count === 0 ? `Nothing found for “${query}”.` : `${count} found for “${query}”.`);
  }

  input.form.addEventListener("submit", (event) => {
    event.preventDefault();
    search(input.value);
  });
  input.addEventListener("input", () => search(input.value));
  const start = new URLSearchParams(window.location.search).get("q");
  if (start) {
    input.value = start;
    search(start);
  }
})();
